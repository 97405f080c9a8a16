-- 双人尽调落实率 Dual due diligence: of the applications whose due diligence was done in P, the share with a B
-- manager (B角) other than the A manager (A角). An application without a B manager, or with the A manager named
-- twice, is an exception (numerator 0).
with final as (
    select 'application' as row_kind, *, cast(null as varchar) as group_key,
        case when manager_b_code is not null and manager_b_code <> manager_code then 1 else 0 end as numerator,
        1 as denominator
    from wide_application
    where due_diligence_on between $from and $to
)

select * from final
