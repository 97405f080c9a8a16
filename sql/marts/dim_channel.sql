-- 渠道 application channels, named for display.
with channels(channel, name_zh, name_en, sort_order) as (
    values
        ('bank_referral', '银行推荐', 'Bank referral', 1),
        ('government', '政府推荐', 'Government', 2),
        ('park', '园区推荐', 'Industrial park', 3),
        ('self', '自主营销', 'Own marketing', 4),
        ('customer_referral', '客户转介', 'Customer referral', 5)
),

final as (
    select * from channels
)

select * from final order by sort_order
