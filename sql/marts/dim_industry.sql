-- GB/T 4754 divisions; strategic_emerging marks 战略性新兴产业.
with final as (
    select code as industry_code, name, section, strategic_emerging, etl_run_id, source_ref
    from raw_industries
)

select * from final order by industry_code
