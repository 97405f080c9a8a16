-- Customers with everything a KPI slices or an auditor reads: industry, region, group, the department and
-- manager responsible (the customer manager's department).
with final as (
    select
        c.customer_id,
        c.name as customer_name,
        c.credit_code,
        c.kind as customer_kind,
        c.size as customer_size,
        c.tier,
        c.credit_rating,
        c.risk_level,
        c.specialized_new,
        c.group_key,
        c.group_name,
        c.industry_code,
        i.name as industry_name,
        i.strategic_emerging,
        c.region_code,
        r.name as region_name,
        d.code as department_code,
        d.name as department_name,
        s.code as manager_code,
        s.name as manager_name
    from dim_customer as c
    left join dim_industry as i on i.industry_code = c.industry_code
    left join dim_region as r on r.region_code = c.region_code
    left join dim_staff as s on s.staff_id = c.manager_id
    left join dim_department as d on d.department_id = s.department_id
)

select * from final order by customer_id
