-- Fees in the annual report (reports.md §7, 其他需要报告的事项: 信息处理费): the fee notices issued and the reductions or
-- waivers recorded in a year are read from the case history by their acting date. Only these two kinds of step are in the
-- index (few rows), so counting them does not scan the history of every case of the tree.
CREATE INDEX ix_case_history_fee_steps ON case_history (acting_on, kind) WHERE kind IN ('FeeNoticeIssued', 'FeeReduced');
