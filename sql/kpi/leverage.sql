-- 放大倍数 Leverage: guarantee liability balance at D ÷ net assets (finance file, month D). The rows are
-- sql/macros/kpi_liability_net_assets.sql, shared with top_customer_ratio and top_group_ratio.
select * from kpi_liability_net_assets($as_of)
