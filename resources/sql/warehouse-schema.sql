-- Schema bmd in the subset Amazon Redshift and PostgreSQL both accept.
-- Redshift turns TEXT into VARCHAR(256): every column says its width, and
-- notes and the raw order JSON get Redshift's widest, VARCHAR(65535).
-- Keys are declared for the planner and for readers; Redshift does not enforce them.
CREATE SCHEMA IF NOT EXISTS bmd;

CREATE TABLE IF NOT EXISTS bmd.orders (
  order_id           VARCHAR(256) NOT NULL,
  order_name         VARCHAR(256),
  customer_id        VARCHAR(256),
  first_name         VARCHAR(1024),
  last_name          VARCHAR(1024),
  email              VARCHAR(1024),
  phone              VARCHAR(256),
  created_at         TIMESTAMPTZ,
  updated_at         TIMESTAMPTZ,
  processed_at       TIMESTAMPTZ,
  cancelled_at       TIMESTAMPTZ,
  deleted_at         TIMESTAMPTZ,
  financial_status   VARCHAR(64),
  fulfillment_status VARCHAR(64),
  total_price        NUMERIC(12,2),
  currency           VARCHAR(16),
  draft_type         VARCHAR(1024),
  pickup_date        TIMESTAMPTZ,
  flavor             VARCHAR(4096),
  theme              VARCHAR(4096),
  allergies          VARCHAR(4096),
  note               VARCHAR(65535),
  raw                VARCHAR(65535),
  run_id             VARCHAR(32),
  PRIMARY KEY (order_id)
);

CREATE TABLE IF NOT EXISTS bmd.customer_requests (
  request_id         VARCHAR(256) NOT NULL,
  customer_id        VARCHAR(256),
  customer_name      VARCHAR(2048),
  pickup_date        TIMESTAMPTZ,
  deposit_order_id   VARCHAR(256),
  remaining_order_id VARCHAR(256),
  deposit_status     VARCHAR(64),
  remaining_status   VARCHAR(64),
  flavor             VARCHAR(4096),
  theme              VARCHAR(4096),
  allergies          VARCHAR(4096),
  state              VARCHAR(16),
  as_of              TIMESTAMPTZ,
  run_id             VARCHAR(32),
  PRIMARY KEY (request_id)
);

CREATE TABLE IF NOT EXISTS bmd.weekly_streamline_orders (
  order_name         VARCHAR(256),
  first_name         VARCHAR(1024),
  customer_name      VARCHAR(2048),
  financial_status   VARCHAR(64),
  draft_type         VARCHAR(16),
  theme              VARCHAR(4096),
  flavor             VARCHAR(4096),
  allergies          VARCHAR(4096),
  pickup_date        TIMESTAMPTZ,
  request_id         VARCHAR(256),
  as_of              TIMESTAMPTZ,
  run_id             VARCHAR(32)
);

CREATE TABLE IF NOT EXISTS bmd.future_orders (
  order_name         VARCHAR(256),
  first_name         VARCHAR(1024),
  customer_name      VARCHAR(2048),
  financial_status   VARCHAR(64),
  draft_type         VARCHAR(16),
  theme              VARCHAR(4096),
  flavor             VARCHAR(4096),
  allergies          VARCHAR(4096),
  pickup_date        TIMESTAMPTZ,
  request_id         VARCHAR(256),
  as_of              TIMESTAMPTZ,
  run_id             VARCHAR(32)
);

CREATE TABLE IF NOT EXISTS bmd.etl_runs (
  run_id             VARCHAR(32) NOT NULL,
  started_at         TIMESTAMPTZ,
  finished_at        TIMESTAMPTZ,
  status             VARCHAR(16),
  orders_total       INTEGER,
  added              INTEGER,
  updated            INTEGER,
  deleted            INTEGER,
  lake_key           VARCHAR(1024),
  error              VARCHAR(65535)
);

-- The Insights' tables: the columns of `bakemyday-sync report months` and
-- `report customers`, and the customers' SCD2 history of the local
-- warehouse, each rewritten whole by every load.
CREATE TABLE IF NOT EXISTS bmd.monthly_metrics (
  month               VARCHAR(7) NOT NULL,
  cakes               BIGINT,
  revenue             NUMERIC(12,2),
  average_cake_value  NUMERIC(12,2),
  unpaid              BIGINT,
  new_customers       BIGINT,
  returning_customers BIGINT,
  median_lead_days    BIGINT,
  as_of               TIMESTAMPTZ,
  run_id              VARCHAR(32),
  PRIMARY KEY (month)
);

CREATE TABLE IF NOT EXISTS bmd.customer_state (
  customer_id        VARCHAR(256) NOT NULL,
  customer           VARCHAR(2048),
  cakes              BIGINT,
  revenue            NUMERIC(12,2),
  first_pickup       DATE,
  last_pickup        DATE,
  next_pickup        DATE,
  state              VARCHAR(16),
  vip                BOOLEAN,
  as_of              TIMESTAMPTZ,
  run_id             VARCHAR(32),
  PRIMARY KEY (customer_id)
);

CREATE TABLE IF NOT EXISTS bmd.dim_customers_scd (
  customer_id        VARCHAR(256) NOT NULL,
  first_name         VARCHAR(1024),
  last_name          VARCHAR(1024),
  email              VARCHAR(1024),
  phone              VARCHAR(256),
  cakes              BIGINT,
  state              VARCHAR(16),
  vip                BOOLEAN,
  valid_from         TIMESTAMPTZ,
  valid_to           TIMESTAMPTZ,
  is_current         BOOLEAN,
  as_of              TIMESTAMPTZ,
  run_id             VARCHAR(32)
);
