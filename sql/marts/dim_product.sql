-- 担保产品: category loan / bond / other_financing / non_financing (非融资担保).
with final as (
    select
        id as product_id, code, name, category,
        category <> 'non_financing' as is_financing,
        etl_run_id, source_ref
    from raw_products
)

select * from final order by product_id
