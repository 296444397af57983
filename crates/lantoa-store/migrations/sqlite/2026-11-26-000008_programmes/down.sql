DROP TABLE programme_policies;
DROP TABLE intakes;
DROP TABLE programmes;
DROP TABLE support_policies;
