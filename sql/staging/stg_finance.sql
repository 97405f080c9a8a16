-- Finance figures per month: the later file wins for the same month.
with ranked as (
    select
        *,
        row_number() over (partition by month order by file_seq desc, row_number desc) as rank_in_month
    from raw_finance
),

final as (
    select month, month_end, net_assets, revenue, net_profit, reserves, file_name, row_number, etl_run_id, source_ref
    from ranked
    where rank_in_month = 1
)

select * from final
