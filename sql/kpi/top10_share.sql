-- 前十大客户占比 Top-10 share: balance of the 10 largest customers at D ÷ balance. group_key is the customer.
with final as (
    select 'snapshot' as row_kind, * replace (cast(customer_id as varchar) as group_key),
        outstanding as numerator, outstanding as denominator
    from wide_snapshot
    where as_of = $as_of
)

select * from final
