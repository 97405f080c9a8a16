-- 投诉量 Complaints received in P. department_code is the department the complaint is about.
with final as (
    select
        'complaint' as row_kind,
        k.complaint_id, k.received_at, k.responded_at, k.resolved_at, k.category, k.file_name, k.row_number, k.source_ref,
        c.* exclude (customer_id, department_code, department_name), k.customer_id,
        d.code as department_code, d.name as department_name,
        cast(null as varchar) as product_code,
        1 as numerator, cast(null as decimal(18, 2)) as denominator
    from fct_complaint as k
    inner join wide_customer as c on c.customer_id = k.customer_id
    inner join dim_department as d on d.department_id = k.department_id
    where cast(k.received_at as date) between $from and $to
)

select * from final
