-- 员工 staff; customer managers (客户经理) have a level: senior, middle, junior.
with final as (
    select id as staff_id, code, name, department_id, role, level, active, etl_run_id, source_ref
    from raw_staff
)

select * from final order by staff_id
