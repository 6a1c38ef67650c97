import { between, pick, type Rng } from "./rng.ts";

/**
 * The vocabulary of the synthetic corpus: German news names, places, organisations and sentence
 * templates, with the characters a feed must escape (`&`, `<`, `>`, quotes) in some of them.
 */

const FIRST_NAMES = [
  "Jürgen",
  "Anna",
  "Björn",
  "Sören",
  "Käthe",
  "Matthias",
  "Özlem",
  "Jörg",
  "Gülşen",
  "Hans-Peter",
  "Maren",
  "Łukasz",
  "Bärbel",
  "Uwe",
  "Franziska",
  "Timo",
];
const LAST_NAMES = [
  "Weiß",
  "Schäfer",
  "Müller",
  "Krüger",
  "Groß",
  "Hoß",
  "Yılmaz",
  "Böhm",
  "Koch",
  "Löffler",
  "Nowak",
  "Strauß",
  "Fuchs",
  "Günther",
  "Brückner",
  "Schmitz",
];
const ROLES = [
  "Bürgermeisterin",
  "Bürgermeister",
  "Außenministerin",
  "Wirtschaftsminister",
  "Gewerkschaftschef",
  "Landrat",
  "Trainer",
  "Ausschussvorsitzende",
  "Oberbürgermeister",
  "Polizeisprecher",
  "Verbandspräsidentin",
  "Chefärztin Dr. med.",
];
const PLACES = [
  "München",
  "Köln",
  "Düsseldorf",
  "Lübeck",
  "Görlitz",
  "Fürth",
  "Würzburg",
  "Osnabrück",
  "Saarbrücken",
  "Gießen",
  "Zürich",
  "Wien",
  "Straßburg",
  "Brüssel",
  "Tübingen",
  "Lüneburg",
  "Bad Tölz",
  "Mülheim an der Ruhr",
];
/** An organisation in the nominative, dative and genitive, each with its article. */
interface Organisation {
  readonly nom: string;
  readonly dat: string;
  readonly gen: string;
}
const org = (nom: string, dat: string, gen: string): Organisation => ({ nom, dat, gen });
export const ORGANISATIONS: readonly Organisation[] = [
  org("die Verbraucherzentrale", "der Verbraucherzentrale", "der Verbraucherzentrale"),
  org("die Deutsche Bahn", "der Deutschen Bahn", "der Deutschen Bahn"),
  org(
    "der Städte- und Gemeindebund",
    "dem Städte- und Gemeindebund",
    "des Städte- und Gemeindebunds",
  ),
  org("die Stiftung Warentest", "der Stiftung Warentest", "der Stiftung Warentest"),
  org("das Statistische Bundesamt", "dem Statistischen Bundesamt", "des Statistischen Bundesamts"),
  org("der Bundesgerichtshof", "dem Bundesgerichtshof", "des Bundesgerichtshofs"),
  org(
    "die Bundesagentur für Arbeit",
    "der Bundesagentur für Arbeit",
    "der Bundesagentur für Arbeit",
  ),
  org("der Deutsche Wetterdienst", "dem Deutschen Wetterdienst", "des Deutschen Wetterdiensts"),
  org("die Müller & Söhne GmbH", "der Müller & Söhne GmbH", "der Müller & Söhne GmbH"),
  org("das Robert Koch-Institut", "dem Robert Koch-Institut", "des Robert Koch-Instituts"),
  org(
    "die Industrie- und Handelskammer",
    "der Industrie- und Handelskammer",
    "der Industrie- und Handelskammer",
  ),
];
const PRICE_SETTERS = [
  "Deutsche Bahn",
  "Stadtwerke München",
  "Müller & Söhne GmbH",
  "Rundfunkbeitrag-Service",
  "Verkehrsverbund Rhein-Ruhr",
  "Ostseebad Kühlungsborn",
];
const NEWSPAPERS = [
  "Süddeutsche Zeitung",
  "Frankfurter Allgemeine Zeitung",
  "Bild",
  "Der Spiegel",
  "Die Zeit",
  "Kölner Stadt-Anzeiger",
  "Neue Zürcher Zeitung",
  "Handelsblatt",
];
export const WEEKDAYS = [
  "Montag",
  "Dienstag",
  "Mittwoch",
  "Donnerstag",
  "Freitag",
  "Samstag",
  "Sonntag",
];
const MONTHS = [
  "Januar",
  "Februar",
  "März",
  "April",
  "Mai",
  "Juni",
  "Juli",
  "August",
  "September",
  "Oktober",
  "November",
  "Dezember",
];
const THINGS = [
  "Wohnungen",
  "Ladestationen",
  "Kita-Plätze",
  "Arztpraxen",
  "Radwege",
  "Brücken",
  "Schulgebäude",
  "Ausbildungsplätze",
  "Windräder",
  "Pflegekräfte",
  "Bäckereien",
  "Grünflächen",
];
const CLAUSES = [
  "die Gespräche in der kommenden Woche fortzusetzen",
  "die Gebühren zum 1. Januar zu erhöhen",
  "mehr Geld für Schulen und Kitas bereitzustellen",
  "das Verfahren deutlich zu beschleunigen",
  "die Straße über die Feiertage zu sperren",
  "die Förderung für Wärmepumpen & Solaranlagen zu kürzen",
  "gegen den Beschluss Einspruch einzulegen",
  "die Öffnungszeiten der Bürgerämter zu verlängern",
  "bis zum Frühjahr eine Lösung vorzulegen",
  "die Zuständigkeiten neu zu regeln",
];
const QUOTES = [
  "Wir müssen jetzt handeln",
  "Das ist ein großer Schritt für die ganze Region",
  "Niemand hat mit einer solchen Entwicklung gerechnet",
  "Wir lassen uns nicht einschüchtern",
  "Die Lage ist ernst, aber nicht hoffnungslos",
  "So kann es nicht weitergehen",
  "Das Ergebnis übertrifft unsere Erwartungen",
  "Wir brauchen verlässliche Zusagen & keine Ankündigungen",
];
const ADJECTIVES = [
  "wichtigen",
  "fatalen",
  "ermutigenden",
  "längst überfälligen",
  "völlig falschen",
  "starken",
];
export const PHOTO_CREDITS = [
  "picture alliance / dpa",
  "AFP/Getty Images",
  "Reuters/Fabrizio Bensch",
  "IMAGO/Sven Simon",
  "dpa/Marijan Murat",
  "picture alliance / SZ Photo",
  "EPA-EFE/Filip Singer",
  "picture alliance / Geisler-Fotopress",
  "Stadt Würzburg",
  "privat",
];
/** Text credits, `undefined` meaning none: a seed without one gets no invented credit. */
export const TEXT_CREDITS: readonly (string | undefined)[] = [
  "dpa",
  "dpa",
  "dpa",
  "AFP",
  "Reuters",
  "dpa/AFP",
  "epd",
  "KNA",
  undefined,
];

const person = (rng: Rng) => `${pick(rng, FIRST_NAMES)} ${pick(rng, LAST_NAMES)}`;
export const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export const SENTENCES: ReadonlyArray<(rng: Rng) => string> = [
  (rng) =>
    `${capitalise(pick(rng, ROLES))} ${person(rng)} kündigte am ${pick(rng, WEEKDAYS)} in ${pick(rng, PLACES)} an, ${pick(rng, CLAUSES)}.`,
  (rng) =>
    `Nach Angaben ${pick(rng, ORGANISATIONS).gen} stieg die Zahl der ${pick(rng, THINGS)} im vergangenen Jahr um ${between(rng, 2, 40)} Prozent.`,
  (rng) => `„${pick(rng, QUOTES)}“, sagte ${person(rng)} der Deutschen Presse-Agentur.`,
  (rng) =>
    `Wie die "${pick(rng, NEWSPAPERS)}" berichtete, plant ${pick(rng, ORGANISATIONS).nom}, ${pick(rng, CLAUSES)}.`,
  (rng) => {
    const low = between(rng, 2, 9);
    return `Der Anteil liegt inzwischen bei weniger als ${low} Prozent (<${low} %), in einigen Regionen aber bei > ${between(rng, 20, 60)} Prozent.`;
  },
  (rng) =>
    `Kritiker warnen vor steigenden Kosten & längeren Wartezeiten, vor allem in ${pick(rng, PLACES)}.`,
  (rng) =>
    `Bei ${pick(rng, ORGANISATIONS).dat} hieß es, man prüfe die Vorwürfe „mit größter Sorgfalt“.`,
  (rng) =>
    `Die Messwerte lagen zeitweise bei mehr als ${between(rng, 40, 90)} Mikrogramm; der Grenzwert sei damit überschritten (Messwert > Grenzwert).`,
  () => "Ob die Maßnahmen ausreichen, ist umstritten.",
  (rng) =>
    `Bis Ende ${between(rng, 2026, 2030)} sollen ${between(rng, 20, 900)} neue ${pick(rng, THINGS)} entstehen.`,
  (rng) => `${person(rng)} sprach von einem "${pick(rng, ADJECTIVES)} Signal".`,
  (rng) => `Die Straße bleibt voraussichtlich bis ${pick(rng, WEEKDAYS)} gesperrt.`,
  (rng) =>
    `Am ${between(rng, 1, 28)}. ${pick(rng, MONTHS)} soll der Gemeinderat über die Pläne abstimmen, z. B. über höhere Gebühren.`,
  (rng) =>
    `Die Gewerkschaft fordert ${between(rng, 4, 12)},${between(rng, 0, 9)} Prozent mehr Lohn; die Arbeitgeber bieten bislang deutlich weniger.`,
  (rng) => {
    const first = pick(rng, PLACES);
    const second = pick(rng, PLACES);
    return second === first
      ? `Auch in ${first} gab es Proteste.`
      : `Auch in ${first} und ${second} gab es Proteste.`;
  },
  () => "Warum das so lange gedauert hat, blieb zunächst offen.",
  (rng) =>
    `Einsatzkräfte waren bis in die Nacht im Einsatz, verletzt wurde nach ersten Erkenntnissen niemand – ${pick(rng, ["zum Glück", "wie durch ein Wunder", "so die Polizei"])}.`,
  (rng) =>
    `Gemäß dem Beschluss müssen Betriebe mit < ${between(rng, 10, 50)} Beschäftigten keine Abgabe zahlen.`,
  (rng) =>
    `Der Umsatz von AT&T und der Müller & Söhne GmbH brach im ${pick(rng, ["ersten", "zweiten", "dritten", "vierten"])} Quartal ein.`,
  (rng) => `„Ich halte das für einen Fehler“, sagte ${person(rng)}. „Aber wir werden sehen.“`,
];

export const SUBHEADINGS: ReadonlyArray<(rng: Rng) => string> = [
  () => "Kritik aus der Opposition",
  (rng) => `Gespräche über Löhne & Arbeitszeiten in ${pick(rng, PLACES)}`,
  (rng) => `Mehr als ${between(rng, 100, 900)} Einsätze in einer Nacht`,
  () => "Was Bürgerinnen und Bürger jetzt wissen müssen",
  () => "Größere Schäden in Süddeutschland",
  () => "Streit um die Grundsteuer",
  (rng) => `Reaktionen aus ${pick(rng, PLACES)}`,
  () => 'Der "Plan B" der Landesregierung',
  () => "Preise > Vorjahr: Was das für Familien bedeutet",
  () => "Wie es jetzt weitergeht",
];

export const TITLES: ReadonlyArray<(rng: Rng) => string> = [
  () => "Streit um Grundsteuer: Städte fordern mehr Geld",
  (rng) => `Unwetter in ${pick(rng, PLACES)}: Straßen überflutet, Keller vollgelaufen`,
  (rng) => `${pick(rng, PRICE_SETTERS)} erhöht Preise um ${between(rng, 3, 25)} Prozent`,
  () => "Tarifstreit bei der Bahn & kein Ende in Sicht",
  (rng) => `„Großer Schritt“: ${pick(rng, PLACES)} bekommt neues Klärwerk`,
  (rng) => `Weniger ${pick(rng, THINGS)} als geplant – Kommunen schlagen Alarm`,
  (rng) => `${person(rng)} wird neue Präsidentin des Fußballverbands`,
  () => 'Bundesgerichtshof kippt Klausel: "Unzulässige Benachteiligung"',
  (rng) => `Mietpreise in ${pick(rng, PLACES)}: Anstieg < 2 Prozent, aber Neubau stockt`,
  (rng) => `Gericht stoppt Abriss der Brücke in ${pick(rng, PLACES)}`,
];

export const CAPTIONS: ReadonlyArray<(rng: Rng) => string> = [
  (rng) => `${person(rng)} bei einer Pressekonferenz in ${pick(rng, PLACES)}.`,
  (rng) => `Blick auf die überflutete Altstadt von ${pick(rng, PLACES)}`,
  (rng) => `Demonstrierende vor dem Rathaus in ${pick(rng, PLACES)} am ${pick(rng, WEEKDAYS)}.`,
  () => 'Ein Plakat mit der Aufschrift "Kein Abriss!" hängt an der Brücke.',
  (rng) => `${capitalise(pick(rng, ROLES))} ${person(rng)} (l.) & ${person(rng)} im Gespräch`,
];
