-- 投诉按期办结率 On-time resolution: complaints received in P answered within $response_hours hours and resolved
-- within $resolve_days days ÷ complaints received in P that are resolved, or whose resolution deadline has passed,
-- by the end of D (one still inside its deadline is not judged yet). Later answers are unknown at D.
with complaints as (
    select
        k.*,
        case when k.responded_at < $as_of + interval 1 day then k.responded_at end as responded_by_d,
        case when k.resolved_at < $as_of + interval 1 day then k.resolved_at end as resolved_by_d,
        k.received_at + to_days(cast($resolve_days as integer)) as resolve_deadline
    from fct_complaint as k
    where cast(k.received_at as date) between $from and $to
),

judged as (
    select
        *,
        responded_by_d is not null and responded_by_d <= received_at + to_hours(cast($response_hours as integer))
            and resolved_by_d is not null and resolved_by_d <= resolve_deadline as on_time
    from complaints
    where resolved_by_d is not null or resolve_deadline < $as_of + interval 1 day
),

final as (
    select
        'complaint' as row_kind,
        j.complaint_id, j.received_at, j.responded_at, j.resolved_at, j.resolve_deadline, j.on_time, j.category,
        j.file_name, j.row_number, j.source_ref,
        c.* exclude (customer_id, department_code, department_name), j.customer_id,
        d.code as department_code, d.name as department_name,
        cast(null as varchar) as product_code,
        case when j.on_time then 1 else 0 end as numerator,
        1 as denominator
    from judged as j
    inner join wide_customer as c on c.customer_id = j.customer_id
    inner join dim_department as d on d.department_id = j.department_id
)

select * from final
