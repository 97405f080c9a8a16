-- Survey responses: for a response_id given more than once, the later file (then the later row) wins.
with ranked as (
    select
        *,
        row_number() over (partition by response_id order by file_seq desc, row_number desc) as rank_in_id
    from raw_surveys
),

final as (
    select
        response_id, customer_id, credit_code, surveyed_on, channel, nps_score, csat, comment,
        file_name, row_number, etl_run_id, source_ref
    from ranked
    where rank_in_id = 1
)

select * from final
