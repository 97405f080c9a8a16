-- 财务 monthly finance figures: net assets, revenue, net profit, guarantee reserves (担保准备金).
with final as (
    select month, month_end, net_assets, revenue, net_profit, reserves, file_name, row_number, etl_run_id, source_ref
    from stg_finance
)

select * from final order by month
