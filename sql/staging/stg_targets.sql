-- Targets: for the same (year, quarter, department, kpi) the later file wins.
with ranked as (
    select
        *,
        row_number() over (
            partition by year, coalesce(quarter, 0), department_code, kpi_code
            order by file_seq desc, row_number desc
        ) as rank_in_key
    from raw_targets
),

final as (
    select
        year, quarter, department_code, department_id, kpi_code, target, file_name, row_number, etl_run_id, source_ref
    from ranked
    where rank_in_key = 1
)

select * from final
