-- 满意度调查 survey responses (the later file wins for a response given twice).
with final as (
    select
        response_id, customer_id, surveyed_on, channel, nps_score, csat, comment,
        case when nps_score >= 9 then 'promoter' when nps_score >= 7 then 'passive' else 'detractor' end as nps_group,
        file_name, row_number, etl_run_id, source_ref
    from stg_survey_responses
)

select * from final order by response_id
