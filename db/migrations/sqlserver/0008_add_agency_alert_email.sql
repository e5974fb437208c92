-- The address that receives an agency's alerts by email (SMTP, when Smtp:Host is configured), next to its webhook.
ALTER TABLE agency_settings ADD alert_email NVARCHAR(200) NULL;
