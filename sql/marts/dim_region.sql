with final as (
    select code as region_code, name, kind, etl_run_id, source_ref
    from raw_regions
)

select * from final order by region_code
