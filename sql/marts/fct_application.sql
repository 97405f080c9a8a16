-- 业务申请 the funnel 受理 → 尽调 → 评审 → 决策, with the contract signed from it (放款) if any.
with signed as (
    select application_id, min(id) as contract_id, min(start_on) as contract_start_on
    from raw_contracts
    where application_id is not null
    group by application_id
),

final as (
    select
        a.id as application_id,
        a.customer_id,
        a.product_id,
        a.department_id,
        a.channel,
        a.requested_amount,
        a.manager_a_id,
        a.manager_b_id,
        a.received_on,
        a.due_diligence_on,
        a.review_on,
        a.decision,
        a.decided_on,
        s.contract_id,
        s.contract_start_on,
        a.etl_run_id,
        a.source_ref
    from raw_applications as a
    left join signed as s on s.application_id = a.id
)

select * from final order by application_id
