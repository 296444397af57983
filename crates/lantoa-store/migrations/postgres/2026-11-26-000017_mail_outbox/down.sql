DROP TABLE mail_opt_outs;
DROP TABLE mail_outbox;
