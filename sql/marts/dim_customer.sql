-- 客户 customers with their related-party group (关联方); a customer with no group is its own group
-- (group_key), as the group-concentration ratio needs.
with customers as (
    select * from raw_customers
),

groups as (
    select id as group_id, name as group_name from raw_customer_groups
),

final as (
    select
        c.id as customer_id,
        c.credit_code,
        c.name,
        c.kind,
        c.size,
        c.industry_code,
        c.region_code,
        c.registered_capital,
        c.established_on,
        c.credit_rating,
        c.risk_level,
        c.tier,
        c.group_id,
        g.group_name,
        coalesce('G' || cast(c.group_id as varchar), 'C' || cast(c.id as varchar)) as group_key,
        c.specialized_new,
        c.manager_id,
        c.created_at,
        c.updated_at,
        c.etl_run_id,
        c.source_ref
    from customers as c
    left join groups as g on g.group_id = c.group_id
)

select * from final order by customer_id
