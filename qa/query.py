"""Question understanding: which places and years a question names, in Chinese or English,
and which indicator words an English question stands for."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .figures import YEAR, YEAR_RE
from .places import PROVINCES, abbreviated_provinces, english_names, full_province, is_place_word, level_of, short_name, suffix_of
from .textnorm import is_cjk

# English indicator names → the Chinese words reports use for them. Longest phrases first.
GLOSSARY = [
    # Words of everyday analyst English for what reports count.
    ("5a-level tourist attractions", "5A级景区"), ("5a-level scenic spots", "5A级景区"), ("5a tourist attractions", "5A级景区"),
    ("tourist attractions", "景区"), ("scenic spots", "景区"), ("scenic areas", "景区"),
    ("teus", "标箱"), ("teu", "标箱"), ("containers", "集装箱"), ("container", "集装箱"), ("handle", "吞吐量"), ("handled", "吞吐量"),
    ("headquarters", "总部"), ("bring in", "引进"), ("brought in", "引进"), ("introduced", "引进"), ("attracted", "引进"),
    ("investment promotion", "招商引资"), ("attracting investment", "招商引资"),
    ("dilapidated houses", "危房"), ("dilapidated housing", "危房"), ("dilapidated", "危房"),
    ("registered poor rural households", "贫困户"), ("poor rural households", "贫困户"), ("poor households", "贫困户"), ("rural", "农村"),
    ("people's livelihoods", "民生"), ("livelihoods", "民生"), ("went to", "用于"), ("used for", "用于"), ("spent on", "用于"),
    ("send out", "外送"), ("sent out", "外送"), ("transmitted out", "外送"), ("power transmission", "输电"),
    ("spend", "花费"), ("spent", "花费"), ("receive", "接待"), ("received", "接待"), ("hosted", "接待"),
    ("intelligent coal mines", "智能化煤矿"), ("smart coal mines", "智能化煤矿"), ("coal mines", "煤矿"),
    ("museums", "博物馆"), ("libraries", "图书馆"), ("stadiums", "体育场馆"), ("beds", "床位"),
    ("science and technology", "科技"), ("technology", "科技"), ("invention patents", "发明专利"), ("talents", "人才"), ("talent", "人才"),
    ("key laboratories", "重点实验室"), ("laboratories", "实验室"), ("researchers", "科研人员"),
    ("foreign-funded enterprises", "外资企业"), ("foreign-invested enterprises", "外商投资企业"), ("imports", "进口"),
    ("sown area", "播种面积"), ("planting area", "种植面积"), ("yield per mu", "亩产"), ("per mu", "亩产"),
    ("cattle", "牛"), ("sheep", "羊"), ("fisheries", "渔业"), ("aquatic products", "水产品"), ("forestry", "林业"),
    ("grassland", "草原"), ("sand control", "治沙"), ("agriculture", "农业"), ("life expectancy", "人均预期寿命"),
    ("housing provident fund", "住房公积金"), ("affordable rental housing", "保障性租赁住房"), ("public rental housing", "公租房"),
    ("water supply", "供水"), ("gas supply", "供气"), ("clean heating", "清洁取暖"), ("heating", "供暖"),
    ("sewage treatment", "污水处理"), ("garbage", "垃圾"), ("solid waste", "固体废物"),
    ("passengers", "旅客"), ("freight", "货运"), ("cargo", "货物"), ("logistics", "物流"), ("airports", "机场"), ("waterway", "航道"),
    ("small and medium-sized enterprises", "中小企业"), ("smes", "中小企业"), ("state-owned enterprises", "国有企业"), ("soes", "国有企业"),
    ("trade-in", "以旧换新"), ("trade-ins", "以旧换新"), ("vouchers", "消费券"), ("consumption", "消费"),
    ("major projects", "重大项目"), ("key projects", "重点项目"), ("relocation", "搬迁"), ("relocated", "搬迁"),
    ("elevators", "电梯"), ("lifts", "电梯"), ("nucleic acid tests", "核酸检测"), ("vaccination", "接种"), ("vaccinated", "接种"),
    ("ultra-high voltage", "特高压"), ("power grid", "电网"), ("hydrogen", "氢能"), ("energy storage", "储能"),
    ("online retail sales", "网上零售额"), ("e-commerce", "电商"), ("express delivery", "快递"),
    ("satellites", "卫星"), ("satellite", "卫星"), ("workshops", "工坊"), ("young people", "青年"), ("youth", "青年"),
    ("internships", "实习"), ("internship", "实习"), ("start a business", "创业"), ("start businesses", "创业"),
    ("entrepreneurship", "创业"), ("registered businesses", "市场主体"), ("business entities", "市场主体"),
    ("tourist visits", "游客"), ("tourist trips", "游客"), ("insurance", "保险"), ("financing", "融资"), ("finance", "金融"), ("financial", "金融"), ("visa-free", "免签"), ("inbound", "入境"),
    ("national and provincial trunk roads", "国省干道"), ("trunk roads", "干道"), ("rural roads", "农村公路"),
    ("walking trails", "步道"), ("greenways", "绿道"), ("green space", "绿地"), ("parks", "公园"), ("park", "公园"),
    ("installed power capacity", "装机"), ("power capacity", "装机"), ("green power", "绿电"), ("green electricity", "绿电"),
    ("clean energy", "清洁能源"), ("renewable energy", "可再生能源"), ("hydropower", "水电"), ("nuclear power", "核电"),
    ("intelligent computing", "智算"), ("supercomputing", "超算"), ("computing power", "算力"), ("computing capacity", "算力"),
    ("data centers", "数据中心"), ("data centres", "数据中心"), ("artificial intelligence", "人工智能"),
    ("new energy vehicles", "新能源汽车"), ("electric vehicles", "新能源汽车"), ("charging piles", "充电桩"), ("charging stations", "充电桩"),
    ("china-europe railway express", "中欧班列"), ("china-europe freight trains", "中欧班列"), ("freight trains", "班列"),
    ("high-speed rail", "高铁"), ("high-speed railway", "高铁"), ("rail transit", "轨道交通"), ("ports", "港口"), ("port", "港口"),
    ("flights", "航线"), ("air routes", "航线"), ("inbound tourists", "入境游客"), ("overseas tourists", "入境游客"),
    ("old residential communities", "老旧小区"), ("old neighborhoods", "老旧小区"), ("old neighbourhoods", "老旧小区"),
    ("urban renewal", "城市更新"), ("urban villages", "城中村"), ("housing units", "住房"), ("homes", "住房"),
    ("green loans", "绿色贷款"), ("inclusive loans", "普惠贷款"), ("local government bonds", "地方政府债券"),
    ("special bonds", "专项债券"), ("government bonds", "国债"), ("debt", "债务"), ("bonds", "债券"),
    ("vocational education", "职业教育"), ("universities", "高校"), ("colleges", "高校"), ("primary and secondary schools", "中小学"),
    ("nursing homes", "养老机构"), ("elderly care beds", "养老床位"), ("childcare", "托育"), ("medical institutions", "医疗机构"),
    ("forest", "森林"), ("afforestation", "造林"), ("wetlands", "湿地"), ("desertification", "荒漠化"), ("soil erosion", "水土流失"),
    ("emissions", "排放"), ("carbon", "碳"), ("water resources", "水资源"), ("reservoirs", "水库"), ("irrigation", "灌溉"),
    ("livestock", "畜牧"), ("pigs", "生猪"), ("hogs", "生猪"), ("vegetables", "蔬菜"), ("fruit", "水果"), ("tea", "茶叶"),
    ("specialty agriculture", "特色农业"), ("agricultural products", "农产品"), ("food processing", "食品加工"),
    ("specialized and sophisticated", "专精特新"), ("little giant", "小巨人"), ("unicorn", "独角兽"), ("gazelle", "瞪羚"),
    ("industrial clusters", "产业集群"), ("industrial cluster", "产业集群"), ("industrial chains", "产业链"), ("supply chain", "供应链"),
    ("integrated circuits", "集成电路"), ("semiconductors", "半导体"), ("biomedicine", "生物医药"), ("pharmaceutical", "医药"),
    ("equipment manufacturing", "装备制造"), ("high-end equipment", "高端装备"), ("electronic information", "电子信息"),
    ("automobile", "汽车"), ("automotive", "汽车"), ("steel", "钢铁"), ("chemical", "化工"), ("textile", "纺织"),
    ("lithium", "锂"), ("batteries", "电池"), ("battery", "电池"), ("coal", "煤炭"), ("rare earth", "稀土"),
    ("culture", "文化"), ("cultural", "文化"), ("sports", "体育"), ("film", "电影"), ("heritage", "遗产"),
    ("land", "土地"), ("mu of land", "亩"), ("acres", "亩"), ("area", "面积"), ("floor space", "面积"),
    ("reform", "改革"), ("opening up", "开放"), ("free trade zone", "自贸试验区"), ("pilot free trade zone", "自贸试验区"),
    ("business environment", "营商环境"), ("government services", "政务服务"), ("village", "村"), ("villages", "村"),
    ("towns", "乡镇"), ("township", "乡镇"), ("farmers", "农民"), ("migrant workers", "农民工"), ("graduates", "毕业生"),
    ("minimum living allowance", "低保"), ("subsidies", "补贴"), ("subsidy", "补贴"), ("social security", "社会保障"),
    ("tax and fee cuts", "减税降费"), ("tax cuts", "减税"), ("fee reductions", "降费"),
    ("state-controlled", "国控"), ("national-controlled", "国控"), ("water quality sections", "断面"), ("sections", "断面"),
    ("rated good", "优良"), ("good", "优良"), ("production capacity", "产能"), ("capacity", "规模"), ("intelligent", "智能"), ("firms", "企业"), ("firm", "企业"),
    ("upgraded", "改造"), ("upgrade", "改造"), ("renovated", "改造"), ("renovate", "改造"), ("rebuilt", "改造"),
    ("grain output", "粮食产量"), ("grain production", "粮食产量"), ("grain", "粮食"),
    ("urban unemployment rate", "城镇调查失业率"), ("surveyed unemployment", "城镇调查失业率"),
    ("consumer price index", "居民消费价格"), ("consumer prices", "居民消费价格"), ("cpi", "居民消费价格"),
    ("retail sales of consumer goods", "社会消费品零售总额"), ("total retail sales", "社会消费品零售总额"),
    ("industrial output", "工业总产值"), ("industrial production", "规模以上工业增加值"),
    ("above designated size", "规模以上"), ("above-scale", "规模以上"),
    ("private economy", "民营经济"), ("private sector", "民营经济"), ("private enterprises", "民营企业"),
    ("digital economy", "数字经济"), ("service sector", "服务业"), ("services", "服务业"), ("manufacturing", "制造业"),
    ("business districts", "商圈"), ("business district", "商圈"), ("shopping districts", "商圈"),
    ("per capita disposable income", "人均可支配收入"), ("rural residents", "农村居民"), ("urban residents", "城镇居民"),
    ("residents", "居民"), ("total output", "总产值"), ("output value", "产值"), ("output", "产值"),
    ("fiscal expenditure", "一般公共预算支出"), ("public budget expenditure", "一般公共预算支出"), ("expenditure", "支出"),
    ("spending on people's livelihoods", "民生支出"), ("livelihood spending", "民生支出"), ("livelihood", "民生"),
    ("tax revenue", "税收收入"), ("taxes", "税收"), ("tax", "税收"), ("fees", "降费"),
    ("energy consumption per unit of gdp", "单位地区生产总值能耗"), ("carbon emissions", "碳排放"),
    ("exports and imports", "进出口总额"), ("total trade", "进出口总额"), ("trade", "进出口"),
    ("actual use of foreign capital", "实际利用外资"), ("utilized foreign capital", "实际使用外资"),
    ("market entities", "市场主体"), ("new businesses", "新增市场主体"), ("listed companies", "上市公司"),
    ("high-tech enterprise", "高新技术企业"), ("technology enterprises", "科技型企业"), ("innovation", "创新"),
    ("r&d spending", "研发经费"), ("r&d expenditure", "研发经费"),
    ("shantytown", "棚户区"), ("shanty towns", "棚户区"), ("old residential", "老旧小区"), ("renovation", "改造"),
    ("rural revitalization", "乡村振兴"), ("farmland", "农田"), ("high-standard farmland", "高标准农田"),
    ("tourist arrivals", "接待游客"), ("visitors", "游客"), ("passenger throughput", "旅客吞吐量"), ("airport", "机场"),
    ("railway", "铁路"), ("expressway", "高速公路"), ("highway", "公路"), ("subway", "轨道交通"), ("metro", "轨道交通"),
    ("people lifted out of poverty", "脱贫"), ("registered unemployed", "失业人员"), ("re-employment", "再就业"),
    ("pension", "养老"), ("medical insurance", "医疗保险"), ("elderly care", "养老"), ("kindergartens", "幼儿园"),
    ("hospital beds", "床位"), ("doctors", "医生"), ("teachers", "教师"), ("students", "学生"),
    ("good air quality days", "空气质量优良天数"), ("pm2.5", "PM2.5"), ("water quality", "水质"),
    ("concentration", "浓度"), ("fine particulate matter", "细颗粒物"), ("new energy", "新能源"),
    ("installed capacity", "装机"), ("power generation", "发电量"), ("electricity consumption", "用电量"),
    ("electricity", "电力"), ("wind power", "风电"), ("photovoltaic", "光伏"), ("solar", "光伏"),
    ("vehicles", "汽车"), ("cars", "汽车"), ("container throughput", "集装箱吞吐量"), ("cargo throughput", "货物吞吐量"),
    ("technology contract", "技术合同成交额"), ("technical contracts", "技术合同成交额"),
    ("public-welfare jobs", "公益性岗位"), ("public welfare jobs", "公益性岗位"), ("deposits", "存款"), ("deposit", "存款"),
    ("loans", "贷款"), ("loan", "贷款"), ("balance", "余额"), ("financial institutions", "金融机构"),
    ("raw coal", "原煤"), ("crude oil", "原油"), ("natural gas", "天然气"), ("industrial park", "工业园区"),
    ("strategic emerging", "战略性新兴"), ("urbanization rate", "城镇化率"), ("urbanisation rate", "城镇化率"),
    ("5g base stations", "5G基站"), ("base stations", "基站"), ("cross-border e-commerce", "跨境电商"),
    ("added value", "增加值"), ("economic output", "地区生产总值"), ("economy", "经济"),
    ("targets", "目标"), ("expected", "预期"), ("main targets", "主要预期目标"),
    ("general public budget revenue", "一般公共预算收入"), ("public budget revenue", "一般公共预算收入"),
    ("fiscal revenue", "一般公共预算收入"), ("budget revenue", "一般公共预算收入"),
    ("gross domestic product", "地区生产总值"), ("gdp", "地区生产总值"), ("regional gdp", "地区生产总值"),
    ("industrial added value", "工业增加值"), ("industrial value added", "工业增加值"), ("value added", "增加值"),
    ("fixed asset investment", "固定资产投资"), ("fixed-asset investment", "固定资产投资"), ("fixed assets", "固定资产投资"),
    ("retail sales", "社会消费品零售总额"), ("consumer goods", "社会消费品零售总额"),
    ("disposable income", "人均可支配收入"), ("per capita income", "人均可支配收入"), ("income", "收入"),
    ("air quality", "空气质量优良天数"), ("good air", "空气质量优良天数"), ("blue sky", "空气质量优良天数"),
    ("tourism revenue", "旅游收入"), ("tourism income", "旅游收入"), ("tourists", "游客"), ("tourism", "旅游"),
    ("urban jobs", "城镇新增就业"), ("new jobs", "新增就业"), ("employment", "就业"), ("jobs", "就业"),
    ("unemployment", "失业率"), ("foreign investment", "实际利用外资"), ("foreign capital", "实际利用外资"), ("fdi", "实际利用外资"),
    ("imports and exports", "进出口总额"), ("import and export", "进出口总额"), ("foreign trade", "外贸进出口"), ("exports", "出口"),
    ("population", "常住人口"), ("research and development", "研发"), ("r&d", "研发"), ("patents", "专利"), ("patent", "专利"),
    ("energy consumption", "能耗"), ("poverty", "贫困 脱贫"), ("affordable housing", "保障性住房"), ("housing", "住房"),
    ("parking spaces", "停车位"), ("parking", "停车"), ("schools", "学校"), ("school", "学校"), ("hospitals", "医院"), ("hospital", "医院"),
    ("roads", "道路"), ("road", "道路"), ("forest coverage", "森林覆盖率"), ("sewage", "污水"), ("pollution", "污染"),
    ("high-tech enterprises", "高新技术企业"), ("high-tech", "高新技术"), ("in total", "总数"), ("national", "国家"),
    ("enterprises", "企业"), ("companies", "企业"), ("company", "企业"), ("projects", "项目"), ("project", "项目"),
    ("investment", "投资"), ("revenue", "收入"), ("growth", "增长"), ("grow", "增长"), ("increase", "增长"),
    ("year-on-year", "增长"), ("earn", "收入"), ("target", "目标"), ("aim", "目标"), ("goal", "目标"), ("plan", "计划"), ("planned", "计划"),
    ("mayor", "区长"), ("district head", "区长"), ("speaker", "区长"), ("meeting", "会议"), ("congress", "人民代表大会"),
    ("priorities", "重点工作"), ("tasks", "任务"), ("days", "天数"), ("rate", "率"),
]
# Longer phrases are read before the words inside them ('electricity consumption' before 'consumption').
_LONGEST_FIRST = sorted(GLOSSARY, key=lambda pair: -len(pair[0]))
# '2022年政府工作报告', '2019年报告', '2019年綦江区政府工作报告': the year names the report.
REPORT_YEAR_RE = re.compile(r"(?<!\d)(?:" + YEAR + r"\s*年?\s*(?:和|与|、|及|以及)\s*)*" + YEAR + r"\s*年(?:的)?[\u4e00-\u9fff]{0,8}?(?:人民)?(?:政府)?(?:工作)?报告"
                            r"|\b" + YEAR + r"\s+(?:government\s+)?work\s+report", re.I)


MAX_QUESTION_CHARS = 1000
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")


def clean_question(text: str) -> str:
    """A question as searched: control and zero-width characters become spaces, whitespace folds.
    Too long a question is an error that says so (it is a paste of a document, not a question).

    >>> clean_question("綦江区\\x00GDP\\n？")
    '綦江区 GDP ？'
    """
    from .errors import QAError

    t = " ".join(_CONTROL.sub(" ", text or "").split())
    if len(t) > MAX_QUESTION_CHARS:
        raise QAError(f"the question is {len(t)} characters long; ask in at most {MAX_QUESTION_CHARS} (search for the passage with a few of its words instead).")
    return t


def has_words(text: str) -> bool:
    """Whether a question has anything to search for (letters, digits or CJK characters)."""
    return any(ch.isalnum() for ch in text)


# Words of an English question that carry no indicator: question words, function words, units,
# time and place words, verbs of change and of reporting.
_EN_STOP = set("""what which who whom whose when where why how many much was were is are be been being the a an of in on at to for
from by with and or as than that this these those did does do done has have had will would could should can may might
its their his her our your it they them he she we you i me my about into over under between during per each every any
all some more less most least other another such same also only just still yet not no nor so very there here then
district county city province provinces region autonomous municipality year years year's month months total overall
number amount level rate figure figures share percentage percent kilometres kilometers km metres meters yuan billion
million trillion thousand hundred tonnes tons square mu people person units unit times cent new reach reached reaching
achieve achieved become became get got give gave make made build built set say said report reports reported according
government work plan planned target targets expected compared previous last next first second third end start begin
rise rose risen fall fell fallen grow grew grown growth increase increased decrease decreased decline declined drop
dropped change changed up down by how large big high higher low lower main major key top best""".split())


@dataclass
class Query:
    text: str
    places: list[str] = field(default_factory=list)  # named, and some indexed report is of it
    absent_places: list[str] = field(default_factory=list)  # named, but no indexed report is of it
    narrower_absent: bool = False  # an absent place inside a named one ('浙江省杭州市'): the named one does not answer
    within: list[str] = field(default_factory=list)  # places inside an indexed report's ('鄂州' in 湖北's): passages must name them
    years: list[int] = field(default_factory=list)  # years the question asks about
    report_years: list[int] = field(default_factory=list)  # years naming a report ('2022年政府工作报告')
    language: str = "zh"
    expansion: str = ""  # Chinese words standing for an English question's terms
    unglossed: list[str] = field(default_factory=list)  # an English question's content words the glossary does not know

    @property
    def districts(self) -> list[str]:
        return self.places

    @property
    def absent_districts(self) -> list[str]:
        return self.absent_places

    @property
    def search_text(self) -> str:
        return (self.text + " " + self.expansion).strip()


def language_of(text: str) -> str:
    cjk = sum(1 for ch in text if is_cjk(ch))
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return "en" if latin > 2 * cjk and latin >= 3 else "zh"


# A place word whose last characters make it an area inside a place, not a place ('大湾区', '园区').
_AREA_TAIL = re.compile(r"(?:户|心|库|圈|域|护|游|湾|园|片|城|景|社|辖|范|验|税|发|开|贸|能|核|行|领|载|聚|作|点|带|业|矿|林|山|校|街|老|新)区$")
_SUFFIX_TOKENS = {"区", "县", "市", "省", "州", "旗", "盟"}


def _place_words(text: str) -> list[tuple[int, str]]:
    """(position, word) of the words of a question that read as place names, by jieba's word
    boundaries: a word with an administrative suffix ('江北区'), a word and the suffix after it
    ('铜梁' '区'), or a province's name ('广东')."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    out = []
    pos = 0
    words = jieba.lcut(text)
    for i, w in enumerate(words):
        start = pos
        pos += len(w)
        if not w or not is_cjk(w[0]):
            continue
        cand = w
        if i + 1 < len(words) and words[i + 1] in _SUFFIX_TOKENS and len(w) >= 2:
            cand = w + words[i + 1]
        if full_province(cand):
            out.append((start, full_province(cand)))
        elif (is_place_word(cand) and len(cand) - len(suffix_of(cand) or "") >= 2 and not _AREA_TAIL.search(cand)
              and not cand.endswith("地区") and cand[0] not in "全本各该我每哪某这那此其"):
            # A one-character name before a suffix ('鄂州', '设区') is too often a word, not a place.
            out.append((start, cand))
    return out


def _name_forms(corpus) -> dict[str, str]:
    """Every way a question may write an indexed place → the place: full, short, with its parent,
    in English (lower case)."""
    forms: dict[str, str] = {}
    items = corpus.items() if isinstance(corpus, dict) else ((p, {}) for p in corpus)
    for place, info in items:
        if not place:
            continue
        forms.setdefault(place, place)
        short = short_name(place)
        if len(short) >= 2:
            forms.setdefault(short, place)
        parent = (info or {}).get("parent")
        if parent:
            forms.setdefault(parent + place, place)
        for en in english_names(place):
            forms.setdefault(en, place)
    return forms


_EN_PLACE = re.compile(r"\b[A-Z][a-z]+(?:[ '-][A-Z]?[a-z]+)?\s+(?:District|County|City|Province|Prefecture|Banner)\b")


def _find_places(text: str, corpus) -> tuple[list[tuple[int, int, str]], list[tuple[int, str]]]:
    """Indexed places named in a question (start, end, place) and other place words (pos, word)."""
    forms = _name_forms(corpus)
    low = text.lower()
    taken = [False] * len(text)
    found: list[tuple[int, int, str]] = []
    found_absent: list[tuple[int, str]] = []
    for form in sorted(forms, key=len, reverse=True):
        hay = low if form.isascii() else text
        pat = (r"\b" + re.escape(form) + r"\b") if form.isascii() else re.escape(form)
        for m in re.finditer(pat, hay):
            if any(taken[m.start():m.end()]):
                continue
            for i in range(m.start(), m.end()):
                taken[i] = True
            found.append((m.start(), m.end(), forms[form]))
    for pos, full in abbreviated_provinces(text):
        # '津去年…': the one-character name of a province, indexed or not.
        if taken[pos]:
            continue
        taken[pos] = True
        place = forms.get(full) or forms.get(short_name(full))
        if place:
            found.append((pos, pos + 1, place))
        else:
            found_absent.append((pos, full))
    others = found_absent + [(p, w) for p, w in _place_words(text) if not any(taken[p:p + len(w)])]
    others += [(m.start(), full) for full, _, en in PROVINCES for m in re.finditer(r"\b" + re.escape(en.lower()) + r"\b", low)
               if not any(taken[m.start():m.end()])]
    # 'Beibei District', 'Haidian District': an English place name no indexed report has.
    others += [(m.start(), m.group(0)) for m in _EN_PLACE.finditer(text) if not any(taken[m.start():m.end()])]
    return sorted(found), others


_GDP_ASKED = re.compile(r"地区生产总值|生产总值|GDP|经济总量|经济增长|经济增速", re.I)


def understand(text: str, corpus) -> Query:
    """Read places, years and language from a question. `corpus` holds the indexed places (a
    set, or a dict place → metadata with 'parent').

    >>> understand("What was Qijiang District's GDP in 2018?", {"綦江区"}).places
    ['綦江区']
    >>> q = understand("2024年广东的地区生产总值是多少？", {"浙江省"}); q.places, q.absent_places
    ([], ['广东省'])
    >>> q = understand("浙江省杭州市2024年GDP", {"浙江省"}); q.places, q.absent_places, q.narrower_absent
    (['浙江省'], ['杭州市'], True)
    >>> understand("重庆市的“一区两群”包括哪些区县？", {"大渡口区": {"parent": "重庆市"}}).absent_places
    []
    >>> q = understand("How many kilometres of walking trails (山城步道) did Sichuan build?", {"四川省"}); q.expansion, q.unglossed
    ('步道 山城步道', [])
    >>> understand("How many people moved to Mars in Sichuan in 2024?", {"四川省"}).unglossed
    ['moved', 'mars']
    >>> understand("How fast did electricity consumption grow in Sichuan?", {"四川省"}).expansion  # the longer phrase first
    '用电量 增长'
    """
    q = Query(text=text, language=language_of(text))
    low = text.lower()
    found, others = _find_places(text, corpus)
    named = list(dict.fromkeys(p for _, _, p in found))
    parents = {(corpus.get(p) or {}).get("parent") for p in named} if isinstance(corpus, dict) else set()
    # '重庆市大渡口区': the district is what is asked; its municipality only locates it.
    q.places = [p for p in named if p not in parents] or named
    # '重庆“一区两群”…': a place whose districts' reports are indexed is not missing from the corpus.
    held_parents = {(info or {}).get("parent") for info in corpus.values()} if isinstance(corpus, dict) else set()
    q.absent_places = list(dict.fromkeys(w for _, w in others if w not in q.places and w not in parents and w not in held_parents))
    ends = {e for _, e, _ in found}
    q.narrower_absent = any(p in ends for p, w in others if w in q.absent_places and level_of(w) != "province")
    q.report_years = sorted({int(y) for m in REPORT_YEAR_RE.finditer(text) for y in YEAR_RE.findall(m.group(0))})
    rest = REPORT_YEAR_RE.sub(" ", text)
    q.years = sorted({int(y) for y in YEAR_RE.findall(rest)})
    if q.language == "en":
        words = []
        rest = low
        for en, zh in _LONGEST_FIRST:
            if re.search(r"\b" + re.escape(en) + r"\b", rest):
                words.append(zh)
                rest = re.sub(r"\b" + re.escape(en) + r"\b", " ", rest)
        # Chinese words inside an English question ('walking trails (山城步道)') are the report's own.
        words += re.findall(r"[\u4e00-\u9fff]{2,}", text)
        q.expansion = " ".join(words)
        for place in list(q.places) + list(q.absent_places):
            for en in english_names(place) if place else ():
                rest = re.sub(r"\b" + re.escape(en) + r"\b", " ", rest)
        q.unglossed = [w for w in re.findall(r"[a-z][a-z'-]+", rest) if w not in _EN_STOP and len(w) > 2 and w.rstrip("s") not in _EN_STOP]
    elif _GDP_ASKED.search(text):
        # Reports also give GDP as the economy's year ('全年增长4.8%、总量达5.3万亿元'): search for that too.
        q.expansion = "经济 全年增长 总量"
    return q
