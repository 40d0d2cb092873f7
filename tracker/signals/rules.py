"""The detection rules: for each kind, trigger patterns, how to find who did it, and what must (not) follow."""

from __future__ import annotations

import re
from dataclasses import dataclass


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


@dataclass(frozen=True)
class Rule:
    """One trigger pattern of one kind.

    mode: subject (the doer is before the verb), object (after it), subject_object (both, with roles),
    passive (subject gets roles[0], the agent after "by" roles[1]), pair (everyone on both sides),
    attached (a noun owned by "Acme's ..." / "... at Acme" / the clause subject), leadership (title-anchored).
    """

    kind: str
    pattern: re.Pattern[str]
    mode: str
    base: float
    need: re.Pattern[str] | None = None  # must occur in the clause after the trigger
    veto: re.Pattern[str] | None = None  # must not occur in the clause after the trigger
    veto_before: re.Pattern[str] | None = None  # must not occur just before the trigger
    roles: tuple[str | None, str | None] = (None, None)
    fallback: bool = True  # use the sentence's opening entity when the clause scan finds no subject
    window: int = 100
    stems: tuple[str, ...] = ()  # lower-case strings one of which the sentence must contain (a cheap prefilter)
    veto_unless: tuple[re.Pattern[str], re.Pattern[str]] | None = None  # veto when [0] matches and [1] does not
    veto_sentence: re.Pattern[str] | None = None  # must not occur anywhere in the sentence


_MONEY = (r"(?:[$€£¥₹]\s?\d|\b(?:US|A|AU|C|NZ|HK|S)\$\s?\d|\b(?:USD|EUR|GBP|AUD|CAD|CHF|SEK|JPY)\s?\d|"
          r"\d(?:[\d.,]*)\s?(?:mln|bln|million|billion|m|bn)?\s+(?:dlrs|dollars|euros|pounds|yen|francs|crowns|"
          r"kronor|sterling))")
_FUNDING_NOUN = (r"\b(?:funding|financing|investment|funding round|round|seed|pre-seed|series [a-h]\d?|capital|"
                 r"grant|venture debt|debt facility|credit facility|credit line|loan|backing|equity|"
                 r"(?:a|its|the|this) (?:[\w$€£.]+ )?raise|"
                 r"fundraise|fundraising|war chest|convertible notes?|venture round|growth round|seed round)\b")
_FUNDING_VETO = _re(r"\b(?:ipo|initial public offering|public offering|flotation|share sale|follow-on offering|"
                    r"secondary offering|listing|(?:market|nasdaq|nyse|trading) debut|go(?:es|ing)? public|"
                    r"went public)\b")
_NOT_FUNDING = (r"^\W*(?:[\w-]+\s+){0,2}?(?:prices?|rates?|guidance|forecasts?|outlook|concerns?|questions?|"
                r"dividends?|awareness|eyebrows|the bar|its offer|(?:its |the )?bid|wages?|pay|salaries|doubts|"
                r"hopes|fears|the stakes|its stake|stake|target|estimates?|tariffs?|fees?|the curtain|"
                r"the lid|a glass|money for charity)\b")
_CONTRACT_NOUN = (r"\b(?:contracts?|orders?|tenders?|task orders?|supply (?:deal|agreement|contract)|framework "
                  r"agreement|concession|mandate|purchase order|deal (?:with|from|to (?:supply|provide|build|"
                  r"deliver|deploy))|agreement (?:with|from) the|award from|customer win|selected to)\b")
_SITE = (r"(?:offices?|headquarters|hq|hub|campus|sites?|facilit(?:y|ies)|plants?|factor(?:y|ies)|"
         r"warehouses?|(?:distribution|data|fulfil+ment|r&d|research|engineering|tech|technology|innovation|"
         r"development|service|operations|delivery|logistics|customer|contact|support) cent(?:er|re)s?|"
         r"stores?|branch(?:es)?|locations?|studios?|labs?|laborator(?:y|ies)|gigafactory|mills?|depots?|"
         r"terminals?|outposts?|presence|base|operations|footprint|subsidiary|entity|shop|showroom|"
         r"restaurants?|clinics?|hospitals?|mine|refinery|shipyard)")
_PLACE_FOLLOWS = (r"(?:\b(?:in|into|to|across|throughout|at)\s+(?:the\s+)?(?-i:[A-Z])|"
                  r"\b(?-i:[A-Z])[a-z]+ (?:market|markets)\b)")
_SPORTS = _re(r"\b(?:quarterback|pitcher|striker|midfielder|defender|goalkeeper|goalie|point guard|shooting guard|"
              r"power forward|linebacker|wide receiver|outfielder|shortstop|draft pick|free agent|transfer fee|"
              r"touchdown|playoffs?|roster|nba|nfl|mlb|nhl|premier league|la liga|serie a|bundesliga|mls|"
              r"world cup|grand slam|head coach|on loan|loan move|f\.c\.|fc\b|relegat\w+)\b")
POSITIONS = _re(r"\b(?:guard|forward|center|centre|defen[cs]eman|defender|pitcher|catcher|outfielder|infielder|"
                r"shortstop|quarterback|receiver|linebacker|striker|midfielder|winger|goalkeeper|goalie|"
                r"full-back|fullback|prop|fly-half|bowler|batsman|all-rounder|point guard|reliever|closer)\s*$")
SPORTS = _SPORTS

_PRODUCT_NOUN = (r"\b(?:editor|generator|builder|reader|tracker|printer|player|platform|product|app|apps|"
                 r"application|tool|tools|toolkit|service|feature|features|version|"
                 r"model|models|device|chip|chips|processor|software|suite|solution|system|sensor|drone|satellite|"
                 r"api|sdk|plug-?in|edition|line|lineup|range|vehicle|phone|smartphone|laptop|tablet|console|"
                 r"camera|robot|engine|update|upgrade|offering|subscription|marketplace|dashboard|assistant|"
                 r"copilot|agent|module|kit|hardware|beta|preview|brand|drug|therapy|vaccine|card|"
                 r"wallet|headset|wearable|watch|speaker|browser|database|framework|library|service|"
                 r"integration|extension|plan|tier|programme|program|capability|capabilities|"
                 r"map|maps|dataset|data set|imagery|constellation|scanner|lidar|receiver|payload)\b")
_NOT_PRODUCT = (r"^\W*(?:an? |its |the |new |fresh |formal |official |internal |full )*(?:ipo|initial public|"
                r"offering of|round|funding|probe|investigation|inquiry|review|attack|assault|lawsuit|suit|"
                r"bid|takeover|tender offer|search|restructuring|strike|campaign against|appeal|challenge|"
                r"results|earnings|report|statement|figures|data on|guidance|forecast|operations in|"
                r"in (?:the )?(?-i:[A-Z])|into|a hiring|hiring|recruit|layoffs?|job cuts|buyback|share buyback|"
                r"consultation|crackdown|raid|counteroffensive|offensive|missile|rocket into|"
                r"venture arm|venture fund|fund\b|that|it|plans|its intention|shake-up|reorgani[sz]ation|"
                r"overhaul|partnership|deal|agreement|acquisition|merger)|^[^.;]{0,40}?\b(?:conference|"
                r"event|webinar|summit|keynote|campaign|tour|festival|roadshow|hackathon|sale\b|"
                r"prices?\b|price increase|subscription prices)|^\W*(?:(?:a|an|its|the|new|dedicated)\s+)*"
                r"(?:[\w-]+\s+){0,3}?(?:team|unit|division|practice|arm|lab|group|department)\b")
_TEAM_NOUN = (r"\b(?:team|unit|division|practice|business unit|arm|venture studio|incubator|accelerator|"
              r"cent(?:er|re) of excellence|innovation hub|department|squad|task force|research group|"
              r"lab|laboratory|group)\b")
_JOB_NOUN = (r"(?:\b\d[\d,.]*\s?(?:k\b)?|\bhundreds|\bthousands|\bdozens|\b(?:a|one) (?:third|quarter|fifth|"
             r"tenth)|\bhalf|%|per ?cent|\bpct)[^.;]{0,40}?\b(?:jobs|positions|roles|workforce|headcount|staff|"
             r"staffers|employees|workers|people|personnel|engineers|redundancies|posts|drivers|"
             r"nurses|pilots|crew|writers|reporters|journalists|designers|developers|managers|"
             r"contractors|miners|technicians|agents|associates|analysts|bankers|teachers)\b"
             r"|\b(?:jobs|positions|roles|workforce|headcount|staff|employees|workers|personnel|redundancies|"
             r"its ranks|employee base|work force|payroll)\b")
_HIRE_AMOUNT = (r"(?:\b\d[\d,.]*\s?(?:k\b)?\+?|\bhundreds|\bthousands|\bdozens|\bdouble|\btriple|\bquadruple)"
                r"[^.;]{0,40}?\b(?:jobs|positions|roles|people|employees|workers|staff|engineers|developers|"
                r"scientists|researchers|salespeople|hires|new hires|recruits|graduates|team members|"
                r"technicians|nurses|drivers|agents|workforce|headcount|team|teams|staff|crew|pilots|"
                r"teachers|designers|writers|analysts|consultants|associates|specialists|operators|"
                r"miners|warehouse workers|apprentices|interns|clinicians|doctors|advisers|advisors|"
                r"bankers|reporters|journalists|managers|contractors|coders|programmers|machinists)\b")

_S_MONEY = ("$", "€", "£", "¥", "₹", "dlrs", "dollars", "euros", "pounds", "mln", "million", "billion")
_S_FUNDING = ("funding", "financing", "investment", "round", "seed", "series", "capital", "grant", "loan", "debt",
              "equity", "backing", "raise", "war chest", "convertible", "credit", "fundrais")
_S_SITE = ("office", "headquarters", "hq", "hub", "campus", "site", "facilit", "plant", "factor", "warehouse",
           "center", "centre", "store", "branch", "location", "studio", "lab", "gigafactory", "mill ", "mills", "depot",
           "terminal", "outpost", "presence", "base", "operations", "footprint", "subsidiary", "entity", "shop",
           "showroom", "restaurant", "clinic", "hospital", "mine", "refinery", "shipyard")
_S_TITLE = ("ceo", "cfo", "cto", "coo", "cmo", "cio", "ciso", "cpo", "cro", "chro", "cdo", "cco", "chief",
            "president", "chair", "vp", "head of", "general manager", "managing director", "partner", "director",
            "founder", "board", "counsel", "treasurer", "country manager", "lead", "principal", "to run", "to head",
            "to oversee", "to manage", "to chair")
_S_CONTRACT = ("contract", "order", "tender", "supply deal", "supply agreement", "supply contract", "to supply",
               "framework", "concession", "mandate", "deal", "agreement", "award", "selected")
_S_TEAM = ("team", "unit", "division", "practice", "arm", "studio", "incubator", "accelerator", "excellence",
           "innovation hub", "department", "squad", "task force", "research group", "lab", "working group",
           "new group", "ai group", "data group")
_S_JOBS = ("job", "position", "role", "workforce", "headcount", "staff", "employee", "worker", "people",
           "personnel", "engineer", "redundanc", "ranks", "payroll", "%", "percent", "per cent", "pct")

RULES: tuple[Rule, ...] = (
    # --- funding ---
    Rule("funding", _re(r"\b(?:rais(?:es|ed|ing|e)|secur(?:es|ed|ing|e)|clos(?:es|ed|ing|e)|land(?:s|ed|ing)?|"
                        r"bag(?:s|ged)?|nab(?:s|bed)?|snag(?:s|ged)?|pick(?:s|ed)? up|net(?:s|ted)?|rak(?:es|ed) in|"
                        r"pull(?:s|ed)? in|haul(?:s|ed)? in|draw(?:s)? in|drew in|lock(?:s|ed)? (?:in|up)|"
                        r"scor(?:es|ed|e)|pocket(?:s|ed)?|bank(?:s|ed)|reel(?:s|ed) in|clinch(?:es|ed))\b"),
         "subject", 0.85, need=_re(_MONEY + r"|" + _FUNDING_NOUN), veto=_re(_NOT_FUNDING), window=80,
         stems=_S_MONEY + _S_FUNDING, veto_unless=(_re(_CONTRACT_NOUN), _re(_FUNDING_NOUN)),
         veto_sentence=_FUNDING_VETO),
    Rule("funding", _re(r"\b(?:gets?|got|receiv(?:es|ed|e)|complet(?:es|ed|e)|announc(?:es|ed|e)|wins?|won|"
                        r"obtain(?:s|ed)?|attract(?:s|ed)?|seal(?:s|ed)?|tak(?:es|e) in|took in)\b"),
         "subject", 0.8, need=_re(r"^\W*(?:(?:an?|its|the|new|fresh|additional|further|first|latest|"
                                  r"\$?[\d.,]+\s?(?:m|mn|million|bn|billion|k)?|[\w-]+)\s+){0,5}?" + _FUNDING_NOUN),
         veto=_re(r"^\W*(?:that|it|plans|its (?:intention|plan)|results|earnings)\b"), window=70,
         stems=_S_FUNDING, veto_unless=(_re(_CONTRACT_NOUN), _re(_FUNDING_NOUN)), veto_sentence=_FUNDING_VETO),
    Rule("funding", _re(r"\b(?:invest(?:s|ed|ing)?|pour(?:s|ed|ing)?|inject(?:s|ed|ing)?|plough(?:s|ed)?|"
                        r"plow(?:s|ed)?|put(?:s|ting)?)\b[^.;]{0,50}?\b(?:in|into)\b(?! (?:the )?(?:its own|"
                        r"r&d|research|expansion|growth|infrastructure|capacity|new|ai\b))"),
         "object", 0.8,
         veto=_re(r"^[^.;]{0,40}?\b(?:markets?|economy|operations|infrastructure|facilit\w*|capacity|"
                  r"data cent\w*|cloud|expansion|r&d|research|plants?|factor\w+|sites?|regions?|"
                  r"manufacturing|production|itself|its own)\b"),
         stems=("invests", "invested", "investing", "invest ", "pour", "inject", "plough", "plow")),
    Rule("funding", _re(r"\b(?:commit(?:s|ted)?|pledg(?:es|ed)|provid(?:es|ed)|extend(?:s|ed))\s+(?:an? |the )?"
                        r"(?:" + _MONEY + r")\S*(?:\s+(?:million|billion|mln|bln|bn|m))?(?:\s+(?:in|of) (?:new )?"
                        r"(?:funding|financing|capital|equity|debt))?\s+to\b"), "object", 0.75, fallback=False,
         stems=_S_MONEY),
    Rule("funding", _re(r"\b(?:latest|new|fresh|recent|down|up|flat|first|second|third)\s+(?:funding|financing|"
                        r"investment|venture)\s+round\b"), "attached", 0.65, stems=("round",)),
    Rule("funding", _re(r"\b(?:(?:led|leads|co-led|co-leads|joined|joins|participated in|anchored|"
                        r"backed|closed)\s+(?:an? |the )?(?:[\w$€£.,-]+\s){0,3}?(?:round|investment|financing|"
                        r"raise)\s+(?:in|for|into)|(?:round|investment|financing|funding|grant|loan)\s+"
                        r"(?:in|for|into|to))\b"), "object", 0.75, fallback=False, stems=_S_FUNDING),
    Rule("funding", _re(r"\bseries [a-h]\d?\b(?:\s+(?:round|funding|financing|extension))?|"
                        r"\b(?:seed|pre-seed)\s+(?:round|funding|financing|investment|stage)\b|"
                        r"\b(?:funding|financing|venture|growth|investment) (?:round|financing)\b"), "attached", 0.7,
         stems=("series", "seed", "round", "funding", "financing")),
    # --- acquisition ---
    Rule("acquisition", _re(r"\b(?:(?:acquir|buy|purchas|tak)(?:es|ed|e|s|ing)? (?:a |the )?(?:majority|controlling|"
                            r"full) stake in|"
                            r"(?:agree(?:s|d)? to |to |will |would |plans? to |set to )?(?:acquir(?:es|ed|ing|e)|"
                            r"buy(?:s|ing)?|bought|purchas(?:es|ed|ing|e)|snap(?:s|ped)? up|scoop(?:s|ed)? up|"
                            r"tak(?:es|ing|e) over|took over|absorb(?:s|ed)?|swallow(?:s|ed)?)(?! back\b)|"
                            r"(?:complet|clos|finali[sz]|seal)(?:es|ed|ing|e|s)? (?:the |its )?(?:\$?[\w.]+ )?"
                            r"(?:acquisition|purchase|takeover|buyout) of|"
                            r"(?:announc|unveil|agree|sign|strike|strik|reach)(?:es|ed|s|e)? (?:a |an |its |the )?"
                            r"(?:[\w$€£.,-]+ ){0,4}?(?:deal|agreement) to (?:acquire|buy|purchase|take over)|"
                            r"(?:mak|launch|submit|tabl)(?:es|ed|e)? (?:a |an )?(?:[\w$€£.,-]+ ){0,3}?"
                            r"(?:offer|bid|takeover bid|tender offer|approach) for|"
                            r"(?:acquir|buy|purchas|tak)(?:es|ed|e|s|ing)? (?:a |the )?(?:majority|controlling|"
                            r"\d+(?:\.\d+)?%|full) stake in)\b"),
         "subject_object", 0.85, roles=("acquirer", "target"),
         veto=_re(r"^\W*(?:(?:an? |the )?(?:\d+(?:\.\d+)?(?:%| per ?cent)|minority|small|stake|token)\b|by\b|back|"
                  r"(?:its |their )?(?:own )?(?:shares|stock|bonds|debt|ads|advertising|time|votes|"
                  r"land|property|equipment|tickets|a home|homes|a house|inventory|gold|bitcoin|crypto|"
                  r"servers|chips from|capacity|supplies|raw materials|insurance|licen[cs]es)\b)"),
         stems=("acqui", "buy", "bought", "purchas", "snap", "scoop", "take over", "takes over", "taking over",
                "took over", "absorb", "swallow", "takeover", "buyout", "offer", "bid", "stake", "approach")),
    Rule("acquisition", _re(r"\b(?:an? |its |the )?(?:[\w$€£.,-]+ ){0,3}?(?:bid|offer|takeover bid|tender offer|"
                            r"approach|proposal|buyout offer) (?:for|to (?:buy|acquire|take over))\b"),
         "subject_object", 0.75, roles=("acquirer", "target"), stems=("bid", "offer", "approach", "proposal")),
    Rule("acquisition", _re(r"\b(?:merger|combination) (?:talks|discussions|negotiations)\b"), "attached", 0.7,
         roles=("merger", None), stems=("merger", "combination")),
    Rule("acquisition", _re(r"\b(?:complet|clos|finali[sz]|seal|announc)(?:es|ed|ing|e|s)? (?:the |its |an? )?"
                            r"(?:[\w$€£.-]+ ){0,3}?(?:acquisition|purchase|takeover|buyout)\b(?! of)"),
         "subject", 0.8, roles=("acquirer", None), stems=("acquisition", "purchase", "takeover", "buyout")),
    Rule("acquisition", _re(r"\b(?:(?:is|was|has been|have been|will be|to be|being|be|agree(?:s|d)? to be|"
                            r"was being) )?(?:acquired|bought|purchased|snapped up|taken over|scooped up)\s+by\b"
                            r"|\b(?:sells? (?:itself|the company|the business) to|(?:was |is |to be |will be )?"
                            r"sold to|agree(?:s|d)? to (?:a )?sale to)\b"),
         "passive", 0.85, roles=("target", "acquirer"),
         stems=("acquired", "bought", "purchased", "snapped", "taken over", "scooped", "sold", "sell", "sale")),
    Rule("acquisition", _re(r"\b(?:sell(?:s|ing)?|sold|divest(?:s|ed)?|offload(?:s|ed)?)\s+(?:its |a |the |their )?"
                            r"(?:[\w'’-]+ ){0,4}?(?:unit|division|business|arm|subsidiary|operations|assets?|"
                            r"brand|stake|portfolio)\s+to\b"), "object", 0.75, roles=(None, "acquirer"),
         stems=("sell", "sold", "divest", "offload")),
    Rule("acquisition", _re(r"\b(?:acquisition|purchase|takeover|buyout|acquiring) of\b"), "attached", 0.75,
         roles=("acquirer", "target"),
         veto_before=_re(r"\b(?:since|after|following|before|prior to|completed|the)\s+(?:its|their)\s+$"),
         stems=("acquisition", "purchase", "takeover", "buyout", "acquiring")),
    Rule("acquisition", _re(r"\b(?:(?:agree(?:s|d)? to |to |will |plans? to )?merg(?:es|ed|ing|e)|"
                            r"(?:agree(?:s|d)? to |to |will )?combin(?:es|ed|ing|e)|"
                            r"(?:complet|announc|finali[sz]|agree|seal|clos)(?:es|ed|e|s)? (?:an? |the |its |their )?"
                            r"(?:[\w$€£.,-]+ ){0,3}?(?:merger|combination|tie-up)|merger (?:with|between|of))\b"),
         "pair", 0.85, roles=("merger", "merger"),
         veto=_re(r"^\W*(?:lanes|into traffic|(?:two|three|four|several|some|both|various|certain)\b|"
                  r"(?:its|their|the) (?:[\w-]+ ){0,2}?(?:teams|units|divisions|"
                  r"operations|offices|brands|apps|products|titles|businesses|functions|departments|stores|sites|"
                  r"services|platforms|accounts|data|files|branches))"), stems=("merg", "combin", "tie-up")),
    # --- ipo ---
    Rule("ipo", _re(r"\b(?:fil(?:es|ed|ing|e) (?:confidentially |publicly |paperwork |papers )?(?:for|to go public|"
                    r"to list)(?: an?| its)?(?: (?:u\.s\.|us|hong kong|london|new york))? (?:ipo|initial public "
                    r"offering|listing|public listing|public offering|flotation)?|"
                    r"go(?:es|ing)? public|went public|to go public|"
                    r"pric(?:es|ed|ing|e) (?:its |an |the |upsized )?(?:ipo|initial public offering|shares in "
                    r"(?:its|an) ipo)|"
                    r"(?:mak(?:es|ing|e)|made) (?:its |a |a strong |a muted )?(?:market|stock market|trading|"
                    r"nasdaq|nyse|public|wall street|stock exchange) debut|"
                    r"(?:debut(?:s|ed)?|list(?:s|ed|ing)?|float(?:s|ed)?) (?:its shares )?on (?:the )?(?:nasdaq|"
                    r"nyse|new york stock exchange|london stock exchange|lse|asx|tsx|euronext|stock exchange|"
                    r"hong kong stock exchange|main market|aim)|"
                    r"(?:launch(?:es|ed)?|plan(?:s|ned)?|set(?:s)?|seek(?:s|ing)?|target(?:s|ing)?|kick(?:s|ed)? off|"
                    r"announc(?:es|ed)|prepar(?:es|ing)|hir(?:es|ed) banks for|tap(?:s|ped) banks for) "
                    r"(?:an? |its |the )?(?:[\w$€£.,-]+ ){0,3}?(?:ipo|initial public offering|flotation|"
                    r"stock market listing|public listing)(?![-\w])|direct listing|"
                    r"(?:hir|pick|tap|appoint|select|mandat)\w* "
                    r"(?:banks|bankers|underwriters|advis[eo]rs) (?:for|to (?:lead|run|manage|arrange|work on))\b"
                    r"(?=.{0,50}?\b(?:ipo|listing|flotation|initial public offering)))\b"),
         "subject", 0.85, veto_before=_re(r"\b(?:since|after|post|following|before)\s+(?:its|their|the)?\s*$|"
                                          r"\b(?:postpon\w+|shelv\w+|scrap\w*|delay\w*|pull\w*|abandon\w*|"
                                          r"cancel\w*|withdr[ae]w\w*|halt\w*|put off)\s+(?:its|the|their)?\s*$"),
         stems=("ipo", "public", "debut", "list", "float", "offering")),
    Rule("ipo", _re(r"\b(?:ipo|initial public offering)\b"), "attached", 0.7,
         veto_before=_re(r"\b(?:since|after|post-|following|before|prior to|pre-|recent|the|an|first|"
                         r"anniversary of|days? of)\s+(?:its |their )?$|"
                         r"\b(?:postpon\w+|shelv\w+|scrap\w*|delay\w*|pull\w*|abandon\w*|"
                         r"cancel\w*|withdr[ae]w\w*|halt\w*|put off|puts off|putting off)\s+(?:its|the|their|a|an)?"
                         r"\s*(?:[\w-]+\s+){0,3}$"),
         veto=_re(r"^(?:-|\W*(?:market|window|pipeline|etf|index|fund|boom|drought|activity|season|calendar))"),
         stems=("ipo", "initial public")),
    # --- expansion ---
    Rule("expansion", _re(r"\b(?:open(?:s|ed|ing)?|to open|establish(?:es|ed|ing)?|set(?:s|ting)? up|build(?:s|ing)?|"
                          r"built|inaugurat(?:es|ed|e)|unveil(?:s|ed)?|break(?:s)? ground on|broke ground on|"
                          r"add(?:s|ed|ing)?|launch(?:es|ed|ing)?|(?:move(?:s|d)?|relocat(?:es|ed|e)) (?:its "
                          r"(?:\w+ )?)?(?:headquarters|hq)? ?to|plans?|announc(?:es|ed|e))\b"),
         "subject", 0.8,
         need=_re(r"^\W*(?:(?:a|an|its|the|new|first|second|third|fourth|additional|regional|european|"
                  r"international|global|flagship|larger|bigger|new|dedicated|\d+|two|three|four|five|several|"
                  r"\$?[\d.,]+\s?(?:m|mn|million|bn|billion)?(?:-(?:square-foot|sq-ft|sq ft))?|[\w-]+-square-foot|"
                  r"(?-i:[A-Z])[\w.-]+)\s+){0,5}(?:(?!(?:for|to|in|of|with|at|on|by|from|and)\s)[\w&-]+\s+){0,3}?"
                  + _SITE + r"\b"),
         veto=_re(r"^\W*(?:[\d,]+\s+|about |around |up to |more than |nearly )*(?:new\s+)?(?:jobs|roles|"
                  r"positions|staff|people|employees|workers|engineers|hires)\b|"
                  r"^\W*(?:(?:a|an|its|the|new)\s+)*(?:[\w-]+\s+){0,2}?(?:lab|studio|team|division|unit)\b"
                  r"(?!.{0,40}" + _PLACE_FOLLOWS + r")"), stems=_S_SITE),
    Rule("expansion", _re(r"\b(?:expand(?:s|ed|ing)?|to expand|mov(?:es|ed|ing) into|enter(?:s|ed|ing)?|to enter|"
                          r"push(?:es|ed)? into|branch(?:es|ed)? out into|extend(?:s|ed)? (?:its )?(?:reach|"
                          r"footprint|operations|presence)|grow(?:s)? (?:its )?(?:footprint|presence)|"
                          r"debut(?:s|ed)? in|arriv(?:es|ed) in|launch(?:es|ed)? (?:operations|services|service) "
                          r"in|(?:is )?coming to|roll(?:s|ed)? out (?:its services )?(?:in|to|across))\b"),
         "subject", 0.8,
         need=_re(r"^\W*(?:(?:its |their )?(?:operations|presence|footprint|reach|business|offices?|"
                  r"headquarters|team|workforce)?\s*)?(?:(?:in|into|to|across|throughout)\s+(?:the\s+)?"
                  r"(?:(?-i:[A-Z])|new (?:markets|countries|regions|cities|states)|\d+ (?:new )?(?:markets|countries|"
                  r"cities|states))|(?:the |a )?(?-i:[A-Z])[\w.]+(?: (?-i:[A-Z])\w+)? market|new markets|"
                  r"internationally|overseas|abroad|globally|nationwide|(?:its |their )?(?:operations|presence|"
                  r"footprint|manufacturing|production|capacity|offices?|headquarters|campus)\b|"
                  r"^\s+(?:the\s+)?(?-i:[A-Z])[\w.'’-]+)"),
         veto=_re(r"^\W*(?:(?:its |their |the )?(?:lead|margins?|product line|portfolio|offering|range|"
                  r"partnership|board|investigation|probe|share buyback|buyback|losses|guidance|search|chapter|"
                  r"administration|liquidation|bankruptcy|receivership|talks|negotiations|an? agreement|"
                  r"into (?:an? )?(?:agreement|partnership|deal|contract|talks)|"
                  r"into (?:the )?(?:red|black)|into (?:new )?(?:products|categories|services|ai|"
                  r"generative)))"),
         stems=("expand", "into", "enter", "push", "branch", "extend", "footprint", "presence", "debut", "arriv",
                "launch", "coming to", "roll")),
    Rule("expansion", _re(r"\b(?:at|in|with|through|via) (?:a|its|their|two|three|several) (?:new|second|third|"
                          r"additional) (?:[\w$€£.,-]+ ){0,2}?" + _SITE + r"\b|\binvest(?:s|ed|ing)? [^.;]{0,40}? "
                          r"in (?:its |new |the )?(?:(?-i:[A-Z])[\w.]+(?:'s|’s)? )+(?:cloud )?(?:market|operations|"
                          r"business|region|data cent(?:er|re)s?|plants?|factor(?:y|ies)|facilit(?:y|ies)|sites?)\b"),
         "subject", 0.7, stems=("invests", "invested", "investing", "invest ", "a new", "its new", "their new",
                                "second", "third", "additional",
                                "two new", "three new", "several new")),
    Rule("expansion", _re(r"\b(?:doubl|tripl|quadrupl|expand|grow|grew|increas|enlarg)(?:es|ed|ing|e|s)? "
                          r"(?:the size of )?(?:its|their) (?:[\w-]+ ){0,2}?(?:office|offices|footprint|campus|"
                          r"headquarters|presence|hub|space|site|plant|factory|facility)\b"),
         "subject", 0.75, stems=("doubl", "tripl", "quadrupl", "expand", "grow", "grew", "the size of", "enlarg")),
    # --- leadership_change ---
    Rule("leadership_change", _re(r"(?<!re-)\b(?:appoint(?:s|ed|ing)?|nam(?:es|ed|ing)|nominat(?:es|ed)|hir(?:es|ed)|"
                                  r"introduc(?:es|ed)|"
                                  r"tap(?:s|ped)|promot(?:es|ed|ing)|elevat(?:es|ed)|recruit(?:s|ed)|poach(?:es|ed)|"
                                  r"welcom(?:es|ed)|add(?:s|ed) (?=(?-i:[A-Z]))|install(?:s|ed)|pick(?:s|ed)|"
                                  r"elect(?:s|ed)|"
                                  r"bring(?:s)? (?:in|on)|brought (?:in|on)|(?:has )?chos(?:en|e)|"
                                  r"announc(?:es|ed) (?:the )?(?:appointment|hiring|hire|departure|resignation|"
                                  r"retirement|promotion|succession) of|succeed(?:s|ed)?|to succeed|replac(?:es|ed)|"
                                  r"to replace|join(?:s|ed|ing)?|to join|rejoin(?:s|ed)?|return(?:s|ed)? to|"
                                  r"(?:will )?take (?:over )?the (?:helm|reins)|takes over as|took over as|"
                                  r"(?:has been|was|is|been) (?:appointed|named|promoted|elected|tapped|hired))\b"),
         "leadership", 0.8, roles=("joins", None),
         veto=_re(r"^\W*(?:forces|hands|the (?:race|fray|list|ranks of)|a (?:consortium|coalition|group of|"
                  r"network)|(?:the )?(?:linux|open) )"), stems=_S_TITLE),
    Rule("leadership_change", _re(r"\b(?:step(?:s|ped|ping)? down|to step down|resign(?:s|ed|ing)?|to resign|"
                                  r"depart(?:s|ed|ing)?|leav(?:es|ing)|to leave|left|exit(?:s|ed|ing)?|quit(?:s)?|"
                                  r"retir(?:es|ed|ing|e)|to retire|(?:was |is |has been |have been )?(?:ousted|"
                                  r"fired|dismissed|sacked|removed|pushed out|let go|forced out)|"
                                  r"(?:will )?not seek re-election|hand(?:s|ed)? over the reins|"
                                  r"announc(?:es|ed) (?:(?:his|her|their) )?(?:departure|resignation|retirement))\b"),
         "leadership", 0.8, roles=("leaves", None),
         veto=_re(r"^\W*(?:(?:the |its )?(?:room|market|door|building|(?:the )?eu|(?:the )?european union|"
                  r"office at|rates)|unchanged|behind|open|intact)"), stems=_S_TITLE),
    # --- contract_win ---
    Rule("contract_win", _re(r"\b(?:win(?:s|ning)?|won|land(?:s|ed|ing)?|secur(?:es|ed|ing|e)|bag(?:s|ged)|"
                             r"clinch(?:es|ed)|nab(?:s|bed)|scor(?:es|ed)|sign(?:s|ed)|ink(?:s|ed)|"
                             r"receiv(?:es|ed)|get(?:s)?|got|book(?:s|ed)|captur(?:es|ed)|"
                             r"(?:has been |was |is |been )?(?:awarded|selected|chosen|picked|tapped) "
                             r"(?:by [^,.;]{0,50}? )?(?:to|for|a|an|the)?|extend(?:s|ed)|renew(?:s|ed))\b"),
         "subject", 0.8, need=_re(r"^[^.;]{0,70}?" + _CONTRACT_NOUN),
         veto=_re(r"^[^.;]{0,40}?\b(?:award(?:s)? for|prize|funding|investment|financing|grant|"
                  r"(?:player|rookie|three-year|two-year|one-year|multi-year) contract with the)\b"),
         stems=_S_CONTRACT),
    Rule("contract_win", _re(r"\b(?:award(?:s|ed|ing)?|grant(?:s|ed)?|give(?:s|n)?|hand(?:s|ed)?)\b(?= [^.;]{0,60}?"
                             + _CONTRACT_NOUN + r")|\b(?:contract|order|deal|tender)s? (?:was |were |has been |"
                             r"have been )?(?:awarded|granted|given|went) to\b"), "object", 0.75, stems=_S_CONTRACT),
    Rule("contract_win", _re(r"\b(?:award(?:s|ed|ing)?|grant(?:s|ed)?|giv(?:es|en)|gave|hand(?:s|ed)?)\s+"
                             r"(?:an?\s+|the\s+|its\s+)?[^.;]{0,50}?\b(?:contract|order|deal|tender|task order)s?"
                             r"\s+to\b"), "object", 0.8, stems=_S_CONTRACT),
    Rule("contract_win", _re(r"\b(?:select(?:s|ed)?|chose|choos(?:es|ing)|pick(?:s|ed)|tap(?:s|ped)|hir(?:es|ed)|"
                             r"contract(?:s|ed)|engag(?:es|ed)|commission(?:s|ed)|award(?:s|ed))\b(?=\s+(?:(?-i:[A-Z])"
                             r"[\w&.'’-]*\s+){1,4}to (?:supply|provide|build|deliver|deploy|develop|support|power|"
                             r"manage|operate|design|moderni[sz]e|run|install|maintain|inspect|carry out|handle|"
                             r"upgrade|replace|construct|produce|manufacture|monitor|protect|secure|audit|test|host|process|"
                             r"digiti[sz]e|automate|transform|help)\b)"), "object", 0.75,
         stems=("select", "chose", "choos", "pick", "tap", "hire", "hired", "contract", "engag", "commission",
                "award")),
    # --- partnership ---
    Rule("partnership", _re(r"\b(?:partner(?:s|ed|ing)? (?:with|on|to)|team(?:s|ed|ing)? up (?:with|to|on)|"
                            r"join(?:s|ed)? forces(?: with)?|ally|allies|allied with|"
                            r"collaborat(?:es|ed|ing|e) (?:with|on)|"
                            r"(?:sign(?:s|ed)?|ink(?:s|ed)?|form(?:s|ed)?|announc(?:es|ed|e)|enter(?:s|ed)? into|"
                            r"strik(?:es|e)|struck|forg(?:es|ed|e)|expand(?:s|ed)?|deepen(?:s|ed)?|extend(?:s|ed)?|"
                            r"launch(?:es|ed)?|unveil(?:s|ed)?|establish(?:es|ed)?|seal(?:s|ed)?) (?:an? |its |the |"
                            r"new |their )?(?:[\w-]+ ){0,3}?(?:partnership|alliance|collaboration|joint venture|"
                            r"tie-up|teaming agreement|co-development agreement)(?: with)?|"
                            r"(?:partnership|alliance|collaboration|joint venture|tie-up) (?:with|between))\b"),
         "pair", 0.8, roles=(None, None),
         stems=("partner", "team", "forces", "ally", "allies", "allied", "collaborat", "alliance", "joint venture",
                "tie-up", "teaming")),
    # --- product_launch ---
    Rule("product_launch", _re(r"\b(?:launch(?:es|ed|ing)?|to launch|unveil(?:s|ed|ing)?|introduc(?:es|ed|ing|e)|"
                               r"roll(?:s|ed|ing)? out|debut(?:s|ed)?|show(?:s|ed)? off|lift(?:s|ed) the lid on|"
                               r"tak(?:es|e) the wraps off|took the wraps off|open-sourc(?:es|ed|e))\b"),
         "subject", 0.75, need=_re(r"^\W*(?:(?:its|the|a|an|new|first|latest|next|\$?[\d,.]+)\s+)*"
                                   r"(?:[\w-]+\s+){0,4}?[\w-]+"),
         veto=_re(_NOT_PRODUCT + r"|^\W*(?:(?:a|an|its|the|new)\s+)*(?:plan|joint venture|ceo|chief|president|"
                  r"head|legislation|bill|rules?|regulations?|tariffs?|measures|policy|policies|inquiry|"
                  r"lawsuit|program to|programme to|initiative to|effort to|drive to)\b|^\W*on (?:the )?"
                  r"(?:nasdaq|nyse|stock|market|exchange)|^.{0,40}?\b(?:cost-cutting|cost cutting|cost-saving|"
                  r"savings (?:plan|program)|efficiency (?:plan|program|drive)|restructuring|reorgani[sz]ation|"
                  r"buyback|strategy|strategic review|turnaround)|^.{0,25}?\b(?:challenge|appeal|lawsuit|suit|probe|"
                  r"investigation|inquiry|complaint|petition|bid|attack|offensive|strike|campaign|counterclaim)\b"),
         veto_before=_re(r"\b(?:made|make|makes|making)\s+(?:its|a|their)\s+(?:[\w-]+\s+){0,3}$|"
                         r"(?:'s|’s|\bthe|\bits|\ba|\btheir|\bsince|\bafter)\s+$"),
         stems=("launch", "unveil", "introduc", "roll", "debut", "show", "lid", "wraps", "open-sourc")),
    Rule("product_launch", _re(r"\b(?:releas(?:es|ed|ing|e)|announc(?:es|ed|e)|preview(?:s|ed)?|"
                               r"mak(?:es|e) (?:\w+ )?(?:generally )?available|(?:is|are) now (?:generally )?"
                               r"available)\b"),
         "subject", 0.7, need=_re(r"^[^.;]{0,40}?" + _PRODUCT_NOUN + r"|^\W*(?:(?:its|the|a|an|new)\s+)*"
                                  r"(?-i:[A-Z][\w-]*(?:\s[A-Z0-9][\w-]*)*\s(?:\d|[A-Z]\d|Pro|Max|Plus|X|GPT|"
                                  r"Studio|One)\b)"),
         veto=_re(_NOT_PRODUCT), stems=("releas", "ships", "shipped", "shipping", "announc", "available", "preview")),
    Rule("product_launch", _re(r"\b(?:add(?:s|ed|ing)?|bring(?:s|ing)?|brought)\b"), "subject", 0.7,
         need=_re(r"^\W*(?:(?:new|more|its|the|a|an|generative|ai|[\w-]+)\s+){0,3}?(?:features?|agents?|"
                  r"capabilities|tools?|support for|integrations?|copilot|assistant)\b"),
         stems=("feature", "agent", "capabilit", "tool", "support for", "integration", "copilot", "assistant")),
    # --- award ---
    Rule("award", _re(r"\b(?:win(?:s|ning)?|won|receiv(?:es|ed)|earn(?:s|ed)|tak(?:es|e) home|took home|"
                      r"collect(?:s|ed)|pick(?:s|ed) up|scoop(?:s|ed)|bag(?:s|ged)|clinch(?:es|ed)|"
                      r"(?:is |was |has been |been |are |were )?(?:honou?red|recogni[sz]ed|named|ranked|listed|"
                      r"selected|included|shortlisted|crowned|featured)|lands? (?:a )?(?:spot|place)|"
                      r"mak(?:es|e)|made|earn(?:s|ed) (?:a )?spot|tops)\b"),
         "subject", 0.75,
         need=_re(r"^[^.;]{0,80}?(?:\b(?:award|awards|prize|honou?r|medal|trophy|accolade|stevie|webby|"
                  r"red dot|best places? to work|great place to work|(?:cloud|fast|fintech|ai) (?:100|50|500)|"
                  r"fortune|forbes|inc\. 5000|deloitte|gartner|fast company|magic quadrant|forrester wave|"
                  r"(?:leader|visionary|challenger) in|list of|top \d+|\d+ (?:best|most|fastest)|"
                  r"fastest-growing|of the year|disruptor|list|ranking|rankings|grade|rating|certification|"
                  r"certified|top employers?|best employers?|top workplaces?|great places? to work|"
                  r"(?-i:[A-Z])\w+ (?:50|100|250|500|5000))\b)"),
         veto=_re(r"^[^.;]{0,50}?\b(?:contract|tender|order|funding|grant|deal)\b"),
         stems=("award", "prize", "honor", "honour", "medal", "trophy", "accolade", "stevie", "webby", "red dot",
                "best place", "best compan", "best employer", "best workplace", "great place", "fortune", "forbes",
                "inc. 5000", "deloitte", "gartner", "fast company", "magic quadrant", "forrester", "leader in",
                "visionary in", "list", "top ", "fastest", "of the year",
                "disruptor", "ranking", "grade", "rating", "certif", "employer", "workplace", "cloud 100")),
    # --- hiring_surge ---
    Rule("hiring_surge", _re(r"\b(?:(?:plan(?:s|ned)?|aim(?:s|ed)?|look(?:s|ing)|expect(?:s|ed)?|intend(?:s|ed)?|"
                             r"want(?:s)?|hop(?:es|ed)|seek(?:s|ing)|set|going|pledg(?:es|ed)|commit(?:s|ted)|"
                             r"promis(?:es|ed)) to (?:hire|add|recruit|create|double|triple|grow|expand|bring on|"
                             r"onboard|fill)|(?:will|would|to) (?:hire|add|recruit|create|double|triple|bring on|"
                             r"fill|expand|employ)|(?:will|to) employ|employing|"
                             r"to (?:hire|recruit|create|add|double|triple)|(?:is|are) (?:hiring|recruiting|adding|"
                             r"looking to hire)|hir(?:es|ing)|recruit(?:s|ing)|creat(?:es|ing)|add(?:s|ing)|"
                             r"doubl(?:es|ing)|tripl(?:es|ing)|ramp(?:s|ing)? up|(?:on|launch(?:es|ed)?) a "
                             r"(?:hiring|recruiting|recruitment) (?:spree|push|drive|binge|blitz))\b"),
         "subject", 0.8, need=_re(r"^[^.;]{0,50}?" + _HIRE_AMOUNT + r"|^\W*(?:spree|push|drive|binge|blitz)"),
         veto=_re(r"^[^.;]{0,30}?\b(?:customers|users|subscribers|features|stores|routes|capacity|"
                  r"shares|revenue|sales|value|cost|costs|weight|pressure|points?)\b|^\W*(?:a |an |the )?"
                  r"(?:new )?(?:ceo|cfo|cto|coo|chief|president|head of)"),
         stems=("jobs", "roles", "positions", "people", "employees", "workers", "staff", "engineers", "developers",
                "scientists", "researchers", "salespeople", "hires", "recruits", "graduates", "team", "technicians",
                "nurses", "drivers", "agents", "workforce", "headcount", "crew", "pilots", "teachers", "designers",
                "writers", "analysts", "consultants", "associates", "specialists", "operators", "miners",
                "apprentices", "interns", "clinicians", "doctors", "advisers", "advisors", "bankers", "reporters",
                "journalists", "managers", "contractors", "coders", "programmers", "machinists", "spree", "push",
                "drive", "binge", "blitz")),
    Rule("hiring_surge", _re(r"\b(?:\d[\d,]*\+? (?:open (?:roles|positions|jobs|vacancies)|job openings|"
                             r"vacancies|new jobs|new roles|new positions)|hiring (?:spree|push|drive|binge|blitz)|"
                             r"recruitment drive|recruiting drive)\b"), "attached", 0.7,
         stems=("open roles", "open positions", "open jobs", "openings", "vacancies", "new jobs", "new roles",
                "new positions", "spree", "push", "drive", "binge", "blitz")),
    # --- new_team ---
    Rule("new_team", _re(r"\b(?:launch(?:es|ed)?|form(?:s|ed|ing)?|creat(?:es|ed|ing|e)|establish(?:es|ed|ing)?|"
                         r"set(?:s)? up|build(?:s|ing)? out|spin(?:s)? up|stand(?:s)? up|unveil(?:s|ed)?|"
                         r"announc(?:es|ed)|start(?:s|ed)|assembl(?:es|ed)|build(?:s|ing)?|open(?:s|ed)?|"
                         r"add(?:s|ed))\b"),
         "subject", 0.75,
         need=_re(r"^\W*(?:(?:a|an|its|the|new|first|dedicated|in-house|standalone|separate|global|"
                  r"\$?[\d.,]+\s?(?:m|mn|million|bn|billion)?)\s+){0,4}(?:[\w-]+\s+){0,3}?" + _TEAM_NOUN),
         veto=_re(r"^[^.;]{0,60}?" + _PLACE_FOLLOWS + r"|^\W*(?:(?:a|an|its|the|new)\s+)*(?-i:[A-Z])[\w.-]+"
                  r"(?:'s)?\s+(?:[a-z]+\s+)?(?:lab|laboratory|studio|hub|office)\b|"
                  r"^\W*(?:(?:a|an|its|the|new)\s+)*(?:partnership|"
                  r"joint venture|working group|trade group|advocacy group|industry group|lobbying group|"
                  r"support group)"), stems=_S_TEAM),
    # --- layoffs ---
    Rule("layoffs", _re(r"\b(?:lay(?:s|ing)? off|laid off|to lay off|furlough(?:s|ed|ing)?|"
                        r"mak(?:es|ing|e) redundant|made redundant|let(?:s|ting)? go(?: of)?|sack(?:s|ed)?)\b"),
         "subject", 0.85, need=_re(r"^[^.;]{0,40}?(?:\d|\b(?:hundreds|thousands|dozens|dozen|some|several|"
                                   r"staff|employees|workers|people|jobs|roles|positions|its|their|\w+ers)\b)"),
         veto=_re(r"^\W*(?:(?:its |the |a |their )?(?:chief|ceo|cfo|cto|coo|president|head|director|founder|"
                  r"coach|manager)\b)"),
         stems=("lay off", "laying off", "lays off", "laid off", "furlough", "redundant", "let go", "letting go",
                "sack")),
    Rule("layoffs", _re(r"\b(?:lay(?:s|ing)? off|laid off|to lay off|cut(?:s|ting)?|slash(?:es|ed|ing)?|"
                        r"shed(?:s|ding)?|eliminat(?:es|ed|ing|e)|ax(?:es|ed|e)?|trim(?:s|med|ming)?|"
                        r"reduc(?:es|ed|ing|e)|shrink(?:s|ing)?|shrank|let(?:s|ting)? go(?: of)?|"
                        r"fir(?:es|ed|ing)|furlough(?:s|ed|ing)?|scal(?:es|ed|ing) back|downsiz(?:es|ed|ing|e)|"
                        r"right-?siz(?:es|ed|ing)|mak(?:es|ing|e) redundant|made redundant|cull(?:s|ed)?|"
                        r"sack(?:s|ed)?|wip(?:es|ed) out|lose|losing|lost|shutter(?:s|ed)?)\b"),
         "subject", 0.85, need=_re(r"^[^.;]{0,60}?(?:" + _JOB_NOUN + r")"),
         veto=_re(r"^[^.;]{0,25}?\b(?:its |the |a |their )?(?:(?:chief|ceo|cfo|cto|coo|president|head|"
                  r"director|founder)\b|prices?|rates?|costs?|forecast|outlook|guidance|emissions|"
                  r"spending|budget|stake|dividend)"), stems=_S_JOBS),
    Rule("layoffs", _re(r"\b(?:lay-?offs?|job cuts|job losses|redundancies|voluntary redundancy|buyouts|"
                        r"early retirement (?:offers?|packages?|scheme)|staff cuts|workforce reductions?|"
                        r"reductions? in force|headcount reductions?|job reductions|staff reductions|"
                        r"cuts? of \d[\d,]* (?:jobs|positions|roles|employees|workers))\b"),
         "attached", 0.8, stems=("layoff", "lay-off", "job cuts", "job losses", "redundanc", "staff cuts",
                                 "workforce reduction", "reduction in force", "reductions in force",
                                 "headcount reduction", "job reductions", "staff reductions", "cuts of")),
    # --- hiring_freeze ---
    Rule("hiring_freeze", _re(r"\b(?:hiring freeze|recruitment freeze|freez(?:es|ing|e) on (?:new )?hiring|"
                              r"freeze on (?:all |new )?(?:hiring|recruitment|headcount)|"
                              r"(?:freez(?:es|ing|e)|froze|frozen|paus(?:es|ed|ing|e)|halt(?:s|ed|ing)?|"
                              r"suspend(?:s|ed|ing)?|stop(?:s|ped|ping)?|slow(?:s|ed|ing)?|curb(?:s|ed)?|"
                              r"put(?:s|ting)? (?:a )?(?:hold|brake|freeze) on|hold(?:s|ing)? off on|"
                              r"limit(?:s|ed)?|cap(?:s|ped)?) (?:on )?(?:all |most |new |non-essential |external |"
                              r"further |its |their |corporate |white-collar )?(?:hiring|recruitment|recruiting|"
                              r"new hires|headcount(?: growth)?)|no new hires|(?:stop(?:s|ped)?|not|won't|will not) "
                              r"(?:be )?backfill(?:ing)?)\b"), "attached", 0.85,
         stems=("freez", "froze", "hiring", "recruit", "new hires", "backfill", "headcount")),
    # --- restructuring ---
    Rule("restructuring", _re(r"\b(?:restructur(?:es|ed|ing|e)|reorgani[sz](?:es|ed|ing|e|ation)|reorg|"
                              r"overhaul(?:s|ed|ing)?|shake-?up|shak(?:es|ing) up|streamlin(?:es|ed|ing|e)|"
                              r"transformation (?:plan|program|programme)|turnaround (?:plan|program)|"
                              r"cost-cutting|cost cutting|cost-reduction|cost reduction (?:plan|program)|"
                              r"efficiency (?:plan|program|programme|drive)|split(?:s|ting)? (?:itself )?into "
                              r"(?:two|three|\d)|spin(?:s|ning)? off|spun off|break(?:s|ing)? (?:itself )?up|"
                              r"strategic (?:review|alternatives)|spin-?out|spin-?off|carve-?out|"
                              r"(?:plan|programme|program|drive|push|effort|bid) to (?:cut|reduce|slash|trim|lower) "
                              r"(?:its |their )?costs|"
                              r"consolidat(?:es|ed|ing|e) (?:its |\w+ )?"
                              r"(?:operations|offices|teams|units|divisions|sites|business))\b"),
         "attached", 0.75,
         veto=_re(r"^\W*(?:of (?:the |its )?(?:(?:country|nation|government)'s|sovereign|greek|national) debt|"
                  r"(?:the |its )?(?:lineup|roster|playlist|menu|interior|kitchen|website|logo))"),
         stems=("restructur", "reorgani", "reorg", "overhaul", "shake", "streamlin", "transformation",
                "turnaround", "cost-cutting", "cost cutting", "cost-reduction", "cost reduction", "efficiency",
                "split", "spin", "spun", "break", "strategic review", "strategic alternatives", "consolidat",
                "costs", "carve")),
    # --- closure ---
    Rule("closure", _re(r"\b(?:shut(?:s|ting)? down|to shut down|wind(?:s|ing)? down|wound down|"
                        r"cease(?:s|d)? (?:operations|trading|production)|(?:clos(?:es|ed|ing|e)|shut(?:s|ting)?) "
                        r"(?:its |their )?doors|pull(?:s|ed)? the plug)\b"), "subject", 0.85,
         veto=_re(r"^\W*(?:(?:on )?(?:the |its |a |all )?(?:rumou?rs?|speculation|reports|talk|investigation|probe|"
                  r"servers?|website|accounts?|botnet|scheme|operation against|criticism|questions|debate|"
                  r"the (?:idea|proposal|suggestion)))"),
         veto_before=_re(r"\b(?:deal|acquisition|transaction|merger|round|offering|purchase|sale|takeover|"
                         r"shares|stock|index|market|government|police|regulators?|court|authorities)\b[^.;]*$"),
         stems=("shut", "wind", "wound", "cease", "doors", "plug")),
    Rule("closure", _re(r"\b(?:clos(?:es|ed|ing|e)|to close|shut(?:s|ting)?|to shut|shutter(?:s|ed|ing)?|"
                        r"mothball(?:s|ed)?)\b"),
         "subject", 0.85,
         need=_re(r"^\W*(?:down\b|doors\b|(?:(?:its|the|a|an|all|two|three|four|five|several|\d+|remaining|"
                  r"last|flagship|(?-i:[A-Z])[\w.-]+|[a-z]+-based)\s+){0,4}(?:(?!(?:for|to|in|of|with|at|on|by|"
                  r"from|and)\s)[\w&-]+\s+){0,2}?(?:" + _SITE + r"|business|division|unit|"
                  r"service|operations|brand|doors)\b|(?:operations|trading|production)\b)"),
         veto_before=_re(r"\b(?:deal|acquisition|transaction|merger|round|offering|purchase|sale|takeover|"
                         r"shares|stock|index|market)\b[^.;]*$"),
         veto=_re(r"^\W*(?:(?:its |the |a )?(?:[\w$€£.-]+ ){0,3}?(?:round|funding|financing|deal|acquisition|"
                  r"purchase|merger|sale|gap|session|day|week|year|quarter|trading (?:day|session)|offering|"
                  r"ipo|transaction|loophole|investigation|case|books|accounts|position)|(?:higher|lower|up|down "
                  r"\d|at \$?\d|flat|unchanged|in on|to\b|ranks|the distance)|"
                  r"(?:\d[\d.,]*\s?(?:%|percent|per cent|points?|cents?|p\b))|[$€£])"),
         veto_sentence=_re(r"\b(?:temporar\w+|retool\w*|for maintenance|for (?:the )?holidays?|"
                           r"for (?:a|one|two|three) (?:day|week)s?|briefly|reopen\w*)\b"),
         stems=("clos", "shut", "cease", "wind", "wound", "plug", "mothball")),
    Rule("closure", _re(r"\b(?:fil(?:es|ed|ing|e) for (?:chapter (?:7|11|15)|bankruptcy|insolvency|administration|"
                        r"creditor protection|receivership)|(?:enter(?:s|ed|ing)?|go(?:es)?|went|fall(?:s)?|fell|"
                        r"collaps(?:es|ed)|plac(?:es|ed)|put|slid) into (?:administration|liquidation|receivership|"
                        r"insolvency|bankruptcy)|declar(?:es|ed) bankruptcy|go(?:es)? bust|went bust|"
                        r"go(?:es)? out of business|went out of business|goes under|went under|"
                        r"appoint(?:s|ed)? administrators|(?:is |was )?(?:being )?liquidated)\b"),
         "subject", 0.9, stems=("chapter", "bankrupt", "insolven", "administration", "liquidat", "receivership",
                                "bust", "out of business", "goes under", "went under", "administrators")),
    Rule("closure", _re(r"\b(?:bankruptcy|chapter 11|insolvency|liquidation|receivership|wind-down|shutdown|"
                        r"closure)\b"), "attached", 0.7,
         veto_before=_re(r"\b(?:(?:road|lane|bridge|school|border|airport|airspace|government|emergency|"
                         r"temporary|weekend)\s+|(?:avoid|avert|stave off|prevent|escape|emerg\w* from|exit(?:ed|s)? "
                         r"from|out of|fend off|risk of|brink of|verge of|threat of|warn\w* of)\s+(?:a\s+)?)$"),
         veto=_re(r"^\W*(?:protection from|lawyers?|court judge|judge|expert|attorneys?)"),
         stems=("bankrupt", "chapter 11", "insolvency", "liquidation", "receivership", "wind-down", "shutdown",
                "closure")),
)
