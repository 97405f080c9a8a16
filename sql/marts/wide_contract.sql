-- Contracts with their customer, product, department, manager and bank: the rows behind most KPIs.
with final as (
    select
        k.contract_id,
        k.contract_no,
        k.customer_id,
        c.customer_name,
        c.credit_code,
        c.customer_kind,
        c.customer_size,
        c.tier,
        c.credit_rating,
        c.risk_level,
        c.specialized_new,
        c.group_key,
        c.group_name,
        c.industry_code,
        c.industry_name,
        c.strategic_emerging,
        c.region_code,
        c.region_name,
        p.code as product_code,
        p.name as product_name,
        p.category as product_category,
        d.code as department_code,
        d.name as department_name,
        m.code as manager_code,
        m.name as manager_name,
        b.name as bank_name,
        k.amount,
        k.bank_risk_share,
        k.fee_rate,
        k.counter_guarantee,
        k.start_on,
        k.maturity_on,
        k.status,
        k.released_on,
        k.source_ref
    from fct_contract as k
    inner join wide_customer as c on c.customer_id = k.customer_id
    inner join dim_product as p on p.product_id = k.product_id
    inner join dim_department as d on d.department_id = k.department_id
    left join dim_staff as m on m.staff_id = k.manager_id
    left join dim_bank as b on b.bank_id = k.bank_id
)

select * from final order by contract_id
