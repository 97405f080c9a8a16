-- 投诉 complaints.
with final as (
    select
        complaint_id, customer_id, department_id, received_at, responded_at, resolved_at, category,
        file_name, row_number, etl_run_id, source_ref
    from stg_complaints
)

select * from final order by complaint_id
