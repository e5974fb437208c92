-- Regime 2008 cost fees (issue 20, 2008 Art. 27): an agency's default unit prices, in yuan — per page copied (复制费), per search
-- (检索费), per item posted (邮寄费). A fee notice item given as pages or a count instead of an amount takes the price of the case's
-- agency, else of the nearest agency above it with a row here (the whole row: a subordinate with a row of its own uses none of
-- its parent's prices). A price left NULL is not set (an item of that kind needs its amount typed). Who set them and when.
CREATE TABLE agency_cost_prices (
    agency_code          VARCHAR(20) NOT NULL PRIMARY KEY REFERENCES agencies (code),
    per_page_yuan        NUMERIC(14,2) NULL,
    per_search_yuan      NUMERIC(14,2) NULL,
    per_item_posted_yuan NUMERIC(14,2) NULL,
    updated_by           VARCHAR(100) NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL
);
