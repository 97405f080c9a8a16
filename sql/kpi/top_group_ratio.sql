-- 单一客户及关联方集中度 Customer-group concentration: max over related-party groups (a customer without a group
-- is its own group) of liability balance at D ÷ net assets. group_key is the group. The rows are leverage's
-- (sql/macros/kpi_liability_net_assets.sql).
select * from kpi_liability_net_assets($as_of)
