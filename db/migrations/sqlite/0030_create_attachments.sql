-- Attachments of a case (issue 19): the scanned application, the ID copy, the envelope with its postmark, a power of
-- attorney, a third party's written reply, the postal receipt of a delivery (送达凭证) and anything else the office keeps.
--
-- attachments: one row per file, never deleted. kind: Application (申请书), Identity (身份证明), PowerOfAttorney (授权委托书),
-- Envelope (信封/邮戳), ThirdPartyOpinion (第三方意见), DeliveryProof (送达凭证), Other (其他). content_type: the type found
-- from the bytes (PDF, JPEG, PNG, TIFF, OFD, DOCX, XLSX), never the one the client named. event_seq: the history entry it
-- belongs to (optional); tracking_number: the 邮件号 of the delivery a 送达凭证 belongs to. size_bytes and sha256 (lower-case
-- hex): of the file as uploaded, the bytes a download returns. key_sealed: the file's own random AES-256-GCM key, sealed by
-- ASP.NET Core Data Protection (keys in data_protection_keys, purpose CaseTracker.Attachments.ContentKey.v1); every chunk
-- of the content is encrypted under it (an ID copy is personal data, security.md). storage: Database (attachment_chunks) or
-- Disk (a file of the same sealed chunks under the Attachments:Directory setting). status: Uploading while the chunks are
-- written, Stored once complete, Removed after an administrator's removal (the content is deleted; the row, the reason and
-- who stay, and the case history has the entry).
CREATE TABLE attachments (
    id                 TEXT NOT NULL PRIMARY KEY,
    case_id            TEXT NOT NULL REFERENCES cases (id),
    agency_code        TEXT NOT NULL REFERENCES agencies (code),
    kind               TEXT NOT NULL,
    file_name          TEXT NOT NULL,
    content_type       TEXT NOT NULL,
    event_seq          INTEGER NULL,
    tracking_number    TEXT NULL,
    note               TEXT NULL,
    size_bytes         INTEGER NOT NULL,
    sha256             TEXT NULL,
    chunk_size         INTEGER NOT NULL,
    chunk_count        INTEGER NOT NULL,
    key_sealed         TEXT NOT NULL,
    storage            TEXT NOT NULL,
    status             TEXT NOT NULL,
    uploaded_by_id     TEXT NOT NULL,
    uploaded_by_name   TEXT NOT NULL,
    created_at         TEXT NOT NULL,
    removed_at         TEXT NULL,
    removed_by_id      TEXT NULL,
    removed_by_name    TEXT NULL,
    removal_reason     TEXT NULL
);

CREATE INDEX ix_attachments_case ON attachments (case_id, created_at);

-- The sealed content of an attachment stored in the database: chunk seq (0, 1, …) of at most attachments.chunk_size bytes
-- of the file, AES-256-GCM under the attachment's key (the 16-byte tag after the cipher text).
CREATE TABLE attachment_chunks (
    attachment_id  TEXT NOT NULL REFERENCES attachments (id),
    seq            INTEGER NOT NULL,
    content        BLOB NOT NULL,
    PRIMARY KEY (attachment_id, seq)
);
