namespace Cockpit.Etl.Demo;

/// <summary>
/// The fixed reference data of the demo company: 江州市融资担保有限公司, a regional guarantee company in a
/// fictional prefecture-level city with six districts and five counties.
/// </summary>
internal static class DemoCatalog
{
    public const string CityName = "江州";

    /// <summary>Business department focus: which products it sells and how it tilts towards customer kinds.</summary>
    public sealed record DepartmentSpec(
        string Code, string Name, string Kind, int CustomerManagers, double Nps, double VolumeWeight,
        IReadOnlyDictionary<string, double> ProductWeights);

    public static readonly DepartmentSpec[] Departments =
    [
        new("BD1", "业务一部", "business", 8, 32, 0.30, new Dictionary<string, double>
        {
            ["LWC"] = 50, ["GOVP"] = 10, ["LEASE"] = 6, ["BOND"] = 2, ["PERF"] = 12, ["BID"] = 12, ["LIT"] = 4,
        }),
        new("BD2", "业务二部", "business", 8, 18, 0.28, new Dictionary<string, double>
        {
            ["LWC"] = 40, ["GOVP"] = 12, ["PERF"] = 20, ["BID"] = 18, ["ADV"] = 6, ["LIT"] = 4,
        }),
        new("TECH", "科技金融部", "business", 7, 38, 0.22, new Dictionary<string, double>
        {
            ["TECH"] = 48, ["IPPL"] = 22, ["LWC"] = 22, ["BOND"] = 2, ["BID"] = 6,
        }),
        new("INCL", "普惠金融部", "business", 7, 24, 0.20, new Dictionary<string, double>
        {
            ["AGRI"] = 40, ["PERS"] = 22, ["LWC"] = 28, ["GOVP"] = 10,
        }),
        new("RISK", "风险管理部", "risk", 0, 0, 0, new Dictionary<string, double>()),
        new("ASSET", "资产保全部", "asset_preservation", 0, 0, 0, new Dictionary<string, double>()),
        new("CS", "客户服务部", "customer_service", 0, 0, 0, new Dictionary<string, double>()),
        new("FIN", "计划财务部", "other", 0, 0, 0, new Dictionary<string, double>()),
    ];

    public static readonly (string Code, string Name)[] Banks =
    [
        ("ICBC", "中国工商银行江州分行"),
        ("ABC", "中国农业银行江州分行"),
        ("BOC", "中国银行江州分行"),
        ("CCB", "中国建设银行江州分行"),
        ("BOCOM", "交通银行江州分行"),
        ("PSBC", "中国邮政储蓄银行江州市分行"),
        ("CIB", "兴业银行江州分行"),
        ("CMB", "招商银行江州分行"),
        ("JZBANK", "江州银行"),
        ("JZRCB", "江州农村商业银行"),
        ("QXRCB", "青溪农村商业银行"),
    ];

    /// <summary>Products; Term is the typical term in months; Rate the fee-rate range.</summary>
    public sealed record ProductSpec(
        string Code, string Name, string Category, double RateLow, double RateHigh, bool HasBank, double AmountFactor);

    public static readonly ProductSpec[] Products =
    [
        new("LWC", "流动资金贷款担保", "loan", 0.012, 0.022, true, 1.0),
        new("TECH", "科技贷", "loan", 0.008, 0.015, true, 0.9),
        new("GOVP", "政采贷", "loan", 0.008, 0.012, true, 0.7),
        new("IPPL", "知识产权质押担保", "loan", 0.010, 0.018, true, 0.8),
        new("AGRI", "惠农担保贷", "loan", 0.008, 0.010, true, 0.35),
        new("PERS", "个人经营贷款担保", "loan", 0.015, 0.025, true, 0.3),
        new("BOND", "债券发行担保", "bond", 0.010, 0.015, false, 8.0),
        new("LEASE", "融资租赁担保", "other_financing", 0.015, 0.022, false, 1.6),
        new("PERF", "工程履约保函", "non_financing", 0.008, 0.015, false, 0.9),
        new("BID", "投标保函", "non_financing", 0.008, 0.012, false, 0.25),
        new("ADV", "预付款保函", "non_financing", 0.010, 0.015, false, 0.8),
        new("LIT", "诉讼保全担保", "non_financing", 0.010, 0.020, false, 0.6),
    ];

    /// <summary>GB/T 4754-2017 divisions, with weights towards the regional economy and a default-risk factor.</summary>
    public sealed record IndustrySpec(
        string Code, string Name, bool Strategic, double Weight, double Risk, string[] NameWords);

    public static readonly IndustrySpec[] Industries =
    [
        new("A01", "农业", false, 5, 1.1, ["农业开发", "生态农业", "果蔬种植", "现代农业"]),
        new("A03", "畜牧业", false, 2.5, 1.3, ["畜牧养殖", "生态养殖", "牧业"]),
        new("C13", "农副食品加工业", false, 4, 1.0, ["食品", "粮油", "农产品加工"]),
        new("C17", "纺织业", false, 2.5, 1.4, ["纺织", "织造", "棉纺"]),
        new("C18", "纺织服装、服饰业", false, 2.5, 1.3, ["服饰", "服装", "制衣"]),
        new("C26", "化学原料和化学制品制造业", false, 3, 1.0, ["化工", "新材料", "精细化工"]),
        new("C27", "医药制造业", true, 2, 0.7, ["生物医药", "制药", "药业"]),
        new("C29", "橡胶和塑料制品业", false, 3, 1.1, ["塑业", "橡塑制品", "包装材料"]),
        new("C33", "金属制品业", false, 4, 1.1, ["金属制品", "五金", "钢构"]),
        new("C34", "通用设备制造业", false, 5, 0.9, ["机械设备", "精密机械", "动力设备"]),
        new("C35", "专用设备制造业", true, 4, 0.8, ["智能装备", "专用设备", "自动化设备"]),
        new("C36", "汽车制造业", true, 2, 0.9, ["汽车零部件", "新能源汽车配件", "车桥"]),
        new("C38", "电气机械和器材制造业", true, 4, 0.8, ["电气", "电器", "储能科技"]),
        new("C39", "计算机、通信和其他电子设备制造业", true, 4, 0.8, ["电子科技", "光电", "通信设备"]),
        new("D44", "电力、热力生产和供应业", false, 1, 0.6, ["能源", "热力", "新能源"]),
        new("E47", "房屋建筑业", false, 4, 1.5, ["建设", "建筑工程", "建工"]),
        new("E48", "土木工程建筑业", false, 5, 1.4, ["路桥工程", "市政工程", "水利工程"]),
        new("E50", "建筑装饰、装修和其他建筑业", false, 3, 1.5, ["装饰工程", "建筑装饰", "幕墙工程"]),
        new("F51", "批发业", false, 9, 1.3, ["商贸", "贸易", "供应链管理"]),
        new("F52", "零售业", false, 6, 1.2, ["商业连锁", "超市", "百货"]),
        new("G54", "道路运输业", false, 2, 1.2, ["物流", "运输", "货运"]),
        new("H62", "餐饮业", false, 2, 1.4, ["餐饮管理", "酒店管理", "餐饮"]),
        new("I64", "互联网和相关服务", true, 2, 0.9, ["网络科技", "互联网科技", "数字科技"]),
        new("I65", "软件和信息技术服务业", true, 7, 0.7, ["软件", "信息技术", "数据科技"]),
        new("K70", "房地产业", false, 1, 1.8, ["置业", "房地产开发", "物业"]),
        new("M73", "研究和试验发展", true, 2, 0.7, ["研究院", "检测技术", "技术研发"]),
        new("M75", "科技推广和应用服务业", true, 2, 0.8, ["技术服务", "科技推广", "环保科技"]),
        new("N77", "生态保护和环境治理业", true, 1, 0.9, ["环境工程", "生态环境", "环保"]),
    ];

    /// <summary>Districts (区) and counties (县) with a six-digit division code and a weight.</summary>
    public static readonly (string Code, string Name, string Kind, double Weight)[] Regions =
    [
        ("369102", "东湖区", "district", 14),
        ("369103", "西城区", "district", 12),
        ("369104", "南山区", "district", 9),
        ("369105", "北江区", "district", 8),
        ("369171", "高新技术产业开发区", "district", 13),
        ("369172", "经济技术开发区", "district", 11),
        ("369121", "青溪县", "county", 8),
        ("369122", "云阳县", "county", 7),
        ("369123", "临江县", "county", 7),
        ("369124", "白石县", "county", 5),
        ("369125", "安平县", "county", 6),
    ];

    public static readonly string[] Surnames =
    [
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高",
        "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁",
        "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔",
    ];

    public static readonly string[] GivenChars =
    [
        "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀",
        "霞", "平", "刚", "桂", "英", "华", "建", "国", "文", "辉", "玲", "婷", "飞", "斌", "宇", "浩", "凯", "鹏",
        "琳", "晨", "欣", "怡", "佳", "俊", "峰", "雪", "梅", "志", "海", "红", "春", "波", "宁", "亮", "倩", "瑶",
    ];

    /// <summary>Characters for trade names (字号) of companies.</summary>
    public static readonly string[] TradeChars =
    [
        "恒", "泰", "鑫", "华", "瑞", "丰", "达", "盛", "宏", "远", "博", "创", "信", "源", "新", "聚", "联", "德",
        "凯", "金", "晟", "嘉", "辉", "昊", "锦", "润", "祥", "安", "和", "众", "通", "宇", "振", "兴", "隆", "昌",
        "天", "中", "誉", "力", "腾", "豪", "永", "佳", "汇", "诚", "合", "奥", "科", "明", "志", "海", "江", "峰",
    ];

    public static readonly string[] GroupSuffixes = ["控股集团", "实业集团", "投资集团", "集团"];

    public static readonly string[] ComplaintCategories =
        ["服务态度", "办理时效", "收费问题", "流程手续", "信息披露", "还款解保", "其他"];

    public static readonly string[] SurveyChannels = ["wechat", "phone", "sms", "onsite", "email"];

    public static readonly string[] PromoterComments =
    [
        "审批很快，客户经理服务专业", "费率合理，帮企业解决了燃眉之急", "流程清晰，材料一次讲清楚",
        "客户经理上门服务，很贴心", "续保手续简便，点赞", "政策解读到位，推荐给了同行",
    ];

    public static readonly string[] DetractorComments =
    [
        "审批时间太长，耽误了用款", "要求的材料太多，反复补充", "费用偏高，希望再优惠一些",
        "反担保要求过严", "电话经常打不通", "解保后出具证明太慢",
        "对\"银担分险\"的说明不清楚，希望书面解释", "=额外收费是否合理？",
    ];

    public static readonly string[] PassiveComments =
        ["整体还可以", "一般，希望线上办理", "服务尚可，效率有待提高", ""];
}
