-- 通过率 Approval rate: approved ÷ (approved + rejected) applications decided in P; withdrawn ones do not count.
with final as (
    select 'application' as row_kind, *, cast(null as varchar) as group_key,
        case when decision = 'approved' then 1 else 0 end as numerator, 1 as denominator
    from wide_application
    where decision in ('approved', 'rejected') and decided_on between $from and $to
)

select * from final
