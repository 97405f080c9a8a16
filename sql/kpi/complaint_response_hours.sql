-- 投诉响应时长 Response time: median hours received_at → responded_at of complaints received in P and
-- responded to by the end of D.
with final as (
    select
        'complaint' as row_kind,
        k.complaint_id, k.received_at, k.responded_at, k.resolved_at, k.category, k.file_name, k.row_number, k.source_ref,
        c.* exclude (customer_id, department_code, department_name), k.customer_id,
        d.code as department_code, d.name as department_name,
        cast(null as varchar) as product_code,
        cast(date_diff('second', k.received_at, k.responded_at) / 3600.0 as decimal(18, 6)) as numerator,
        1 as denominator
    from fct_complaint as k
    inner join wide_customer as c on c.customer_id = k.customer_id
    inner join dim_department as d on d.department_id = k.department_id
    where cast(k.received_at as date) between $from and $to
        and k.responded_at is not null and k.responded_at < $as_of + interval 1 day
)

select * from final
