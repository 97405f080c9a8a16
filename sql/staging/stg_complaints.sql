-- Complaints: the later file wins for the same complaint_id.
with ranked as (
    select
        *,
        row_number() over (partition by complaint_id order by file_seq desc, row_number desc) as rank_in_id
    from raw_complaints
),

final as (
    select
        complaint_id, customer_id, credit_code, received_at, responded_at, resolved_at, category,
        department_id, department_code, file_name, row_number, etl_run_id, source_ref
    from ranked
    where rank_in_id = 1
)

select * from final
