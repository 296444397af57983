-- wrk script for bench/portal.sh: each request searches one of the search benchmark's
-- queries in turn (without diacritics, a typo, compounds, one to four words).
local queries = {
  "dao%20tao%20nghe", "k%E1%BB%B9%20n%C4%83ng", "ho%C3%A0%20nh%E1%BA%ADp", "truyen%20thpng",
  "pano", "co%20khi", "tuy%E1%BB%83n%20sinh%20trung%20c%E1%BA%A5p", "doanh%20nghiep%20viec%20lam",
  "ki%C3%AAn%20giang", "chuyen%20doi%20so", "nghe", "hoc%20sinh",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/search?q=" .. queries[(i % #queries) + 1])
end
