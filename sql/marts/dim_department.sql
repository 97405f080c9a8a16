with final as (
    select id as department_id, code, name, kind, etl_run_id, source_ref
    from raw_departments
)

select * from final order by department_id
