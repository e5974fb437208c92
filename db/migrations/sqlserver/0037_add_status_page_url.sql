-- The public address of the applicant's status page (/status) the 登记回执 names (trial C finding 2), e.g.
-- https://www.example.gov.cn/status; NULL: the receipt names no address, as before.
ALTER TABLE agency_document_settings ADD status_page_url NVARCHAR(300) NULL;
