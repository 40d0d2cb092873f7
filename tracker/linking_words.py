"""Word lists the company linker uses to tell a company name from an ordinary word or another entity."""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Ordinary English words that are also company or brand names. A single-word company name from this list
# must be capitalised and confirmed by context before it links (Apple the fruit, Amazon the river...).
COMMON_WORDS = _words("""
a able above accent access ace act action active adapt advance affirm after age agent aim air airship alarm
alert align alive alliance ally alpha altitude amazon amber ambition anchor angel answer ant anthem apex apple
apply arc arch archer arena argo ark arm armor arrow art ascent ash aspect asset atlas atom aura aurora autumn
avenue award axis axle badge balance bamboo band bank bar barrel base basis bay beacon beam bear beat bee bell
belt bench berry best beyond big bird birch bit black blade blaze blend bliss block bloom blossom blue board
boat bold bolt bond book boost border bound box brain branch brand brave bread breeze brick bridge bright
brilliant broad brook brother brush bubble buck buddy buffalo build bull bullet bumble bundle burst bus buzz
cabin cable cactus calm camel camp canal candle cane canopy canvas canyon cap capital captain car carbon card
care cargo carrot cart cascade case cash castle cat catalyst cedar cell center central century chain chair
chalk champion chance change channel chapter charge charm chart chase check checkout cheer cherry chess chief
chime chip choice chord circle citadel citizen city civic clarity class clay clean clear clever cliff climb
clip clock cloud clover club coach coast coat cobalt code coin comet comfort command common compass concept
condor cone connect constant contour copper coral core corner cosmos cotton council counsel count country
courage course court cove cover craft crane creative credit creek crest cricket crown crystal cube culture
cup current curve cushion cycle cypress daily dash dawn day deal delta den desert design desk dial diamond
digital direct discovery dish dock dolphin domain dome door dot dove dragon dream drift drive drop drum duck
dune dusk dynamic eagle earth east echo edge element elevate elite ember emerald empire encore energy engine
envoy epic equal equity era essential ether evergreen evolve exact excel expert express fable fabric faith
falcon family fan farm fathom feather fern fidelity field figure film finch fire first fix flag flame flare
flash fleet flex flight flint float flock flow flower fluent flux fly focus fog folio force forest forge form
fortune forum forward fountain fox frame freedom fresh friend front frontier frost fruit fuel fusion future
galaxy game gap garden gate gather gauge gear gem general genesis giant gift ginger glacier glass glide globe
glow goal gold golden good grace grain grand granite graph grass gravity great green grid grove grow guard
guardian guide gulf gusto habit halo hammer harbor harmony harvest haven hawk health heart helix helm hero
heron highland hill hive holiday home honey hook hope horizon horn host hub humble hunter icon ideal ignite
image impact impulse index indigo infinity ink insight inspire instinct insight iron island ivy jade jet
jewel journey joy jump junction jungle juniper just keen kernel key kind king kite knot lab ladder lake lamp
lance land lantern lark laser lattice launch lava layer leaf lean ledger legacy legend lemon lemonade level
lever liberty light lime linear link lion liquid little loft logic loom loop lotus lucid luna lunar lynx
magnet main major maple marble mariner mark market mars marsh mason match matrix meadow medium mercury
meridian merit mesa meta method metro midnight mile mill mind mint mirror mission mode modern momentum monarch
moon mosaic motion mountain mouse move mural nation native navigator nectar needle nest net network new next
noble node nomad north notion nova novel nucleus nugget oak oasis ocean octave odyssey office olive omega
onyx open optimal optimum oracle orange orbit orchard orchid origin otter outreach owl oxygen pace pacific
paint palm panda panther paper paragon parallax park parrot path patriot peach peak pearl pebble pelican
pencil people pepper perch pilot pine pinnacle pioneer pixel place plaid plain planet plant platinum plaza
plum plus pocket point polar pole polygon pond pool popular portal post power prairie precision premier
presence prime prism progress progressive prospect pulse puma pure quantum quarry quartz quest quick quiet
radar radiant radius rain rainbow ramp range rapid raven ray reach real realm reef regal relay remote render
republic resolve rest revival rhythm ribbon ridge ring ripple rise river road robin rock rocket root rose
round route royal ruby rush sage sail salt sand sapphire satellite savvy scale scholar scope scout sea seal
season second secure seed select sense sentinel sequence sequoia serene shadow shape share shark shell shelter
shield shift shine ship shore signal silver simple sky slack slate snap snow solar solid sonic sound source
south spark sparrow spectrum sphere spire spirit splash spring sprint sprout square stack stage standard star
state station steady steel stellar step sterling stone storm story strata stream street stride stripe strong
studio summit sun sunrise superior surf surge swan swift sync tandem tangent target task team tempo terra
thread thrive thunder tide tiger timber titan token topaz torch total tower trace track trade trail transit
tree trend tribe trident trinity triumph true trust truth tulip tundra turtle twin ultra union unit united
unity universal urban valley value vanguard vault vector velocity venture venus verge vertex vertical vessel
via victory view vine violet visa vision vista vital vivid voice volt voyage wagon wake walnut wave way wealth
west whale wheat wheel willow wind window wing winter wisdom wise wish wolf wonder wood works world yellow
yield zen zenith zephyr zero zone zoom snowflake tidewater tide
""")

# Legal-form suffixes: after a name they confirm a company ("Block Inc", "Shell plc").
LEGAL_SUFFIXES = _words("""
inc incorporated corp corporation co company ltd limited llc llp lp plc ag se sa nv bv gmbh kg kgaa oy oyj ab
asa spa srl sas sarl pty pte bhd kk holdings group
""")

# A capitalised word after a name that makes it a different, longer name ("Apple Hospitality REIT").
ORG_NOUNS = _words("""
hospitality reit bank bancorp capital partners ventures venture labs foundation university college school hospital
realty properties property trust fund funds insurance airlines airways energy pharmaceuticals pharma motors
foods records studios entertainment media financial health healthcare resources minerals mining petroleum
river island street road avenue park field stadium arena center centre square lake valley mountain county
city district museum theatre theater church institute academy society association council club team federation
hotel hotels resorts restaurant restaurants cafe store stores music tv pay card cards watch vision pencil books
news times post journal magazine
""")

# Words that may follow a company name without making it a different entity (roles, corporate nouns, verbs).
NAME_FOLLOWERS = _words("""
ceo cfo cto coo cmo cio chief founder cofounder co-founder president chairman chairwoman chair executive
executives spokesperson spokesman spokeswoman vp svp evp head boss employees staff workers engineers board
shareholders investors shares stock unit division subsidiary headquarters hq inc corp ltd llc plc
said says announced announces announce reported reports confirmed confirms agreed agrees acquires acquired
acquire buys bought buy raises raised raise secures secured lands landed closes closed launches launched
launch unveils unveiled introduces introduced hires hired appoints appointed names named cuts cut lays laid
opens opened expands expanded enters entered files filed shuts shut partners partnered signs signed wins won
to will is was has had and or in on at for of with by from as after amid over the a an its it this that
plans plan posts posted sees expects delays halts freezes pauses suspends reorganizes restructures slashes
axes sheds eliminates completes completed goes went debuts prices taps picks picked snaps inks teams joins
joined joining leaves left rolls rolled releases released reveals revealed beats tops hits grows drops falls
rises jumps surges soars slips sinks earnings results revenue profit sales q1 q2 q3 q4 first second third
fourth quarter annual monday tuesday wednesday thursday friday saturday sunday january february march april may
june july august september october november december
""")

# Capitalised words that are not themselves names (sentence openers, weekdays, months, titles).
NOT_A_NAME = _words("""
the a an in on at for to of and but or with by from as after before amid over under its it this that these
those his her their our we i he she they you new how why what when where who which while if says said report
update breaking exclusive analysis opinion review monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december mr mrs ms dr sir
chief executive officer president chairman ceo cfo cto coo vice senior former rival rivals
""")

# Words before a name that show it is used as a company (at Target, rival Slack, CEO of Oracle...).
COMPANY_CUES_BEFORE = _words("""
at by from with of for rival rivals retailer giant company firm startup maker owner joins joined join leaves left
leave acquire acquires acquired buy buys bought acquisition backed versus vs against including like overtaking
overtook overtake surpassing surpassed beating beat behind than ahead of rivals
""")
