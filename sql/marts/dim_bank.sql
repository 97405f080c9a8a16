with final as (
    select id as bank_id, code, name, etl_run_id, source_ref
    from raw_banks
)

select * from final order by bank_id
