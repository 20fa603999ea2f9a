# ruff: noqa: E501  (long example texts read better on one line)
"""Dutch example texts for the demo pins: plausible, and clearly not about real people.

Per category slug: (kind, title, description). "{buurt}" becomes the neighbourhood's name.
"""

PINS = {
    "groen-en-bomen": [
        (
            "idea",
            "Meer bomen langs de straat",
            "De straat is erg kaal en heet in de zomer. Een paar bomen zouden schaduw geven en de buurt mooier maken.",
        ),
        (
            "idea",
            "Bloemenweide in plaats van gras",
            "Het grasveld wordt vaak gemaaid maar niemand gebruikt het. Een bloemenweide is goed voor bijen en vlinders.",
        ),
        (
            "complaint",
            "Overhangende takken boven het fietspad",
            "De takken hangen zo laag dat je moet bukken op de fiets. Graag snoeien.",
        ),
        (
            "complaint",
            "Dode boom bij het plantsoen",
            "Deze boom staat al een jaar zonder blad. Bij storm is hij gevaarlijk.",
        ),
        (
            "idea",
            "Buurtmoestuin op het braakliggende stuk",
            "Met een paar buren willen we hier groenten verbouwen. Wie doet er mee in {buurt}?",
        ),
        (
            "complaint",
            "Plantsoen overwoekerd door onkruid",
            "Het perkje bij de ingang van de buurt wordt niet meer bijgehouden.",
        ),
    ],
    "spelen": [
        (
            "idea",
            "Speeltoestellen voor de kleintjes",
            "Er is hier alleen een klimrek voor oudere kinderen. Een zandbak of wipkip voor peuters zou fijn zijn.",
        ),
        (
            "complaint",
            "Schommel kapot",
            "Een van de kettingen van de schommel is gebroken. Kinderen spelen er toch op.",
        ),
        (
            "idea",
            "Trapveldje opknappen",
            "De doeltjes zijn verroest en het gras is modderig. Kunstgras of nieuwe doelen zou de jeugd van {buurt} blij maken.",
        ),
        (
            "complaint",
            "Glas op de speelplaats",
            "Er ligt regelmatig glas in de zandbak. Graag vaker controleren.",
        ),
        (
            "idea",
            "Bankje bij de speeltuin voor ouders",
            "Ouders staan nu de hele tijd. Een bankje in de schaduw zou welkom zijn.",
        ),
    ],
    "verkeer-en-parkeren": [
        (
            "complaint",
            "Er wordt veel te hard gereden",
            "Auto's rijden hier ver boven de 30. Met spelende kinderen is dat gevaarlijk. Een drempel zou helpen.",
        ),
        (
            "idea",
            "Zebrapad naar de school",
            "Veel kinderen steken hier over naar school. Een zebrapad of klaar-over zou veiliger zijn.",
        ),
        (
            "complaint",
            "Auto's parkeren op de stoep",
            "Met een kinderwagen of rollator moet je de weg op. Graag handhaven.",
        ),
        (
            "idea",
            "Fietsenstalling bij de winkels",
            "Fietsen staan nu overal tegen de gevels. Een paar fietsnietjes zouden veel oplossen.",
        ),
        (
            "complaint",
            "Onoverzichtelijke kruising",
            "Door de hoge heg zie je het verkeer van rechts pas als je al op de kruising staat.",
        ),
    ],
    "straat-en-stoep": [
        (
            "complaint",
            "Losliggende stoeptegels",
            "Meerdere tegels liggen los of steken uit. Ik ben hier al bijna gevallen.",
        ),
        (
            "complaint",
            "Gat in de weg",
            "Een flink gat in het wegdek, vooral gevaarlijk voor fietsers in het donker.",
        ),
        (
            "idea",
            "Bankje langs het wandelpad",
            "Voor ouderen is de wandeling naar de winkels lang. Een bankje halverwege zou helpen.",
        ),
        (
            "complaint",
            "Putdeksel rammelt",
            "Elke auto die eroverheen rijdt maakt een harde klap, ook 's nachts.",
        ),
        (
            "idea",
            "Stoep verlagen bij de oversteek",
            "Met een rolstoel kom je hier de stoep niet op. Een verlaagde rand zou het oplossen.",
        ),
    ],
    "afval-en-zwerfvuil": [
        (
            "complaint",
            "Afval naast de container",
            "Rond de ondergrondse container staan steeds vuilniszakken en grof vuil.",
        ),
        (
            "idea",
            "Opschoondag met de buurt",
            "Laten we met de buurt een middag zwerfvuil prikken. Kan de gemeente grijpers en zakken regelen?",
        ),
        (
            "complaint",
            "Prullenbak puilt uit",
            "De prullenbak bij het bankje is elk weekend vol en het afval waait de sloot in.",
        ),
        ("complaint", "Gedumpt grofvuil", "Iemand heeft hier een bank en matrassen achtergelaten."),
        (
            "idea",
            "Extra prullenbak bij de bushalte",
            "Bij de bushalte ligt veel blikjes en papier. Een prullenbak zou schelen.",
        ),
    ],
    "verlichting": [
        (
            "complaint",
            "Lantaarnpaal doet het niet",
            "Al weken brandt deze lantaarnpaal niet. Het pad is 's avonds pikdonker.",
        ),
        ("complaint", "Straatlamp knippert", "De lamp gaat de hele avond aan en uit."),
        (
            "complaint",
            "Te donker op het fietspad",
            "Tussen de twee lantaarns is een lang donker stuk waar je niemand ziet aankomen.",
        ),
    ],
    "woning": [
        (
            "complaint",
            "Portiekdeur sluit niet",
            "De voordeur van ons portiek valt niet meer in het slot, waardoor er 's nachts mensen binnenkomen.",
        ),
        (
            "complaint",
            "Vocht en schimmel in de galerij",
            "Op de galerij lekt het bij regen en de muren zijn groen uitgeslagen.",
        ),
        (
            "idea",
            "Gezamenlijke tuin achter de flat",
            "Het grasveld achter de flat kan een mooie gezamenlijke tuin worden voor de bewoners.",
        ),
        (
            "complaint",
            "Lift vaak kapot",
            "De lift staat regelmatig stil. Voor ouderen op de bovenste verdieping is dat een probleem.",
        ),
        (
            "idea",
            "Fietsenberging beter afsluiten",
            "Er worden fietsen gestolen uit de berging. Een beter slot of pasjessysteem zou helpen.",
        ),
    ],
    "ontmoeting-en-activiteiten": [
        (
            "idea",
            "Koffieochtend voor buurtgenoten",
            "Een wekelijkse koffieochtend in het buurthuis, zodat nieuwe en oude bewoners elkaar leren kennen.",
        ),
        (
            "idea",
            "Buurtbarbecue in de zomer",
            "Een barbecue op het grasveld voor heel {buurt}. Wie helpt mee organiseren?",
        ),
        (
            "idea",
            "Huiswerkbegeleiding in het buurthuis",
            "Veel kinderen hebben thuis geen rustige plek. Vrijwilligers kunnen helpen met huiswerk.",
        ),
        (
            "idea",
            "Repair café",
            "Eens per maand samen kapotte spullen repareren: fietsen, kleding, apparaten.",
        ),
        (
            "idea",
            "Wandelgroep voor ouderen",
            "Samen wandelen op dinsdagochtend, met daarna koffie.",
        ),
    ],
    "veiligheid": [
        (
            "complaint",
            "Onveilig gevoel bij het tunneltje",
            "'s Avonds hangen hier groepjes en het is slecht verlicht. Ik loop er liever omheen.",
        ),
        (
            "idea",
            "Buurtpreventie-app",
            "Met een buurtapp kunnen we elkaar waarschuwen bij verdachte situaties.",
        ),
        (
            "complaint",
            "Brommers door het park",
            "Er rijden steeds brommers met hoge snelheid over de wandelpaden.",
        ),
        (
            "idea",
            "Struiken terugsnoeien voor overzicht",
            "De hoge struiken langs het pad maken het onoverzichtelijk. Lager snoeien geeft meer zicht.",
        ),
    ],
    "eenzaamheid": [
        (
            "complaint",
            "Buurvrouw komt de deur niet meer uit",
            "Mijn oudere buurvrouw zie ik bijna nooit meer. Ik maak me zorgen of ze iemand heeft.",
        ),
        (
            "complaint",
            "Ik voel me alleen sinds de verhuizing",
            "Sinds ik hier woon ken ik niemand. Ik zou graag mensen ontmoeten.",
        ),
    ],
    "geldzorgen": [
        (
            "complaint",
            "Rekeningen lopen op",
            "Ik krijg de vaste lasten niet meer rond en weet niet waar ik moet beginnen.",
        ),
        (
            "complaint",
            "Gezin in de straat heeft het moeilijk",
            "Een gezin verderop lijkt het financieel zwaar te hebben. Kan iemand ongemerkt helpen?",
        ),
    ],
    "overlast-tussen-buren": [
        (
            "complaint",
            "Geluidsoverlast bovenburen",
            "Al maanden harde muziek tot diep in de nacht. Praten heeft niet geholpen.",
        ),
        (
            "complaint",
            "Ruzie over de schutting",
            "Met de buren is onenigheid over de erfgrens. Ik zou graag bemiddeling willen.",
        ),
    ],
}

COMMENTS = [
    "Helemaal mee eens, dit zie ik ook elke dag.",
    "Goed idee! Ik wil wel helpen.",
    "Dit speelt al heel lang, fijn dat het nu gemeld is.",
    "Bij ons in de straat is hetzelfde probleem.",
    "Misschien kan dit samen met de buurtvereniging?",
    "Is hier al iets over bekend bij de gemeente?",
    "Mijn kinderen zouden hier heel blij mee zijn.",
    "Ik twijfel, er is ook veel te zeggen voor hoe het nu is.",
]

STATUS_REASONS = {
    "acknowledged": "Bedankt voor uw melding. We kijken ernaar en laten het weten.",
    "planned": "Dit nemen we mee in de planning van dit jaar.",
    "done": "Dit is opgelost. Bedankt voor het doorgeven!",
    "declined": "Dit past helaas niet binnen de plannen en het budget voor deze buurt.",
    "withdrawn": "",
}

FIRST_NAMES = [
    "Anouk", "Bram", "Carla", "Dirk", "Esther", "Fatima", "Gerrit", "Hanneke", "Ismail",
    "Jolanda", "Kees", "Lotte", "Mehmet", "Nienke", "Otto", "Petra", "Ruben", "Sanne",
    "Tjeerd", "Ulla", "Vincent", "Wilma", "Yara", "Zeynep",
]  # fmt: skip
