-- Applications with customer, product, department and the two managers of the due diligence (A角 manager_*,
-- B角 manager_b_*), for the funnel, approval and dual due-diligence KPIs.
with final as (
    select
        a.application_id,
        a.customer_id,
        c.customer_name,
        c.credit_code,
        c.tier,
        c.industry_code,
        c.region_code,
        p.code as product_code,
        p.name as product_name,
        d.code as department_code,
        d.name as department_name,
        m.code as manager_code,
        m.name as manager_name,
        mb.code as manager_b_code,
        mb.name as manager_b_name,
        a.channel,
        a.requested_amount,
        a.received_on,
        a.due_diligence_on,
        a.review_on,
        a.decision,
        a.decided_on,
        a.contract_id,
        a.contract_start_on,
        a.source_ref
    from fct_application as a
    inner join wide_customer as c on c.customer_id = a.customer_id
    inner join dim_product as p on p.product_id = a.product_id
    inner join dim_department as d on d.department_id = a.department_id
    left join dim_staff as m on m.staff_id = a.manager_a_id
    left join dim_staff as mb on mb.staff_id = a.manager_b_id
)

select * from final order by application_id
