-- 净推荐值 NPS: % promoters (9–10) − % detractors (0–6) of survey responses in P, on −100…100. Each response
-- counts +100, 0 or −100 over a denominator of 1, so Σ numerator ÷ Σ denominator is the NPS.
with final as (
    select
        'survey_response' as row_kind,
        r.response_id, r.surveyed_on, r.channel as survey_channel, r.nps_score, r.csat, r.nps_group, r.comment,
        r.file_name, r.row_number, r.source_ref,
        c.* exclude (customer_id), r.customer_id,
        cast(null as varchar) as product_code,
        case when r.nps_score >= 9 then 100 when r.nps_score <= 6 then -100 else 0 end as numerator,
        1 as denominator
    from fct_survey_response as r
    inner join wide_customer as c on c.customer_id = r.customer_id
    where r.surveyed_on between $from and $to
)

select * from final
