-- Run once by the postgres image on an empty volume (/docker-entrypoint-initdb.d), as POSTGRES_USER,
-- which then owns them: one database per service, as in production.
CREATE DATABASE registry;
CREATE DATABASE supplies;
CREATE DATABASE gateway;
