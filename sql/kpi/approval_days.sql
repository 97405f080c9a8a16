-- 审批周期 Approval cycle: mean days received_on → decided_on of applications approved in P.
with final as (
    select 'application' as row_kind, *, cast(null as varchar) as group_key,
        date_diff('day', received_on, decided_on) as numerator, 1 as denominator
    from wide_application
    where decision = 'approved' and decided_on between $from and $to
)

select * from final
