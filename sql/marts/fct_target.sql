-- 目标 targets per (year, quarter or whole year, department or ALL, kpi); department_id is null for ALL.
with final as (
    select
        year, quarter, department_code, department_id, kpi_code, target, file_name, row_number, etl_run_id, source_ref
    from stg_targets
)

select * from final order by year, coalesce(quarter, 0), department_code, kpi_code
