-- 平均费率 Average fee rate: amount-weighted mean fee_rate of contracts started in P (Σ amount × rate ÷ Σ amount).
with final as (
    select 'contract' as row_kind, *, cast(amount as decimal(38, 6)) * fee_rate as numerator, amount as denominator
    from wide_contract
    where start_on between $from and $to
)

select * from final
