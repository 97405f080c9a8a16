-- 单一客户集中度 Single-customer concentration: max over customers of their liability balance at D ÷ net assets.
-- group_key is the customer: the figure is the largest customer's Σ numerator ÷ Σ denominator. The rows are
-- leverage's (sql/macros/kpi_liability_net_assets.sql) with the customer as group_key (null on the net-assets row).
select * replace (cast(customer_id as varchar) as group_key)
from kpi_liability_net_assets($as_of)
