-- 客户满意度 CSAT: share of responses in P (with a csat score) scoring 4 or 5.
with final as (
    select
        'survey_response' as row_kind,
        r.response_id, r.surveyed_on, r.channel as survey_channel, r.nps_score, r.csat, r.comment,
        r.file_name, r.row_number, r.source_ref,
        c.* exclude (customer_id), r.customer_id,
        cast(null as varchar) as product_code,
        case when r.csat >= 4 then 1 else 0 end as numerator,
        1 as denominator
    from fct_survey_response as r
    inner join wide_customer as c on c.customer_id = r.customer_id
    where r.surveyed_on between $from and $to and r.csat is not null
)

select * from final
