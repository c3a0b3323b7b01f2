//! The extractor of `claims ingest`, phrasing by phrasing, on sentences written for these
//! tests (never taken from the seed report or the annotated dev set).

use claims::ingest::{Proposal, extract, plain_text};
use claims::model::Stance;

/// The report with a headline and dateline, as wire copy comes.
fn report(body: &str) -> Vec<Proposal> {
    extract(&format!(
        "A headline without a full stop\n\nLISBON, March 3 - {body}\n"
    ))
}

fn find<'a>(found: &'a [Proposal], speaker: &str) -> &'a Proposal {
    found
        .iter()
        .find(|p| p.speaker.eq_ignore_ascii_case(speaker))
        .unwrap_or_else(|| panic!("no statement by {speaker:?} in {found:#?}"))
}

#[test]
fn x_said() {
    let found = report("Harbour pilot Joana Reis said the tanker had drifted for two hours.");
    let p = find(&found, "Joana Reis");
    assert_eq!(p.stance, Stance::Asserts);
    assert!(!p.anonymous);
    assert_eq!(p.via, None);
    assert!(p.claim.contains("tanker had drifted"), "{}", p.claim);
}

#[test]
fn said_x_inverted() {
    let found = report(
        "The ferry service will resume on Friday, said Marta Lobo, a spokeswoman for the port authority.",
    );
    let p = find(&found, "Marta Lobo");
    assert_eq!(p.stance, Stance::Asserts);
    assert!(p.claim.contains("ferry service will resume"), "{}", p.claim);
}

#[test]
fn according_to_x() {
    let found = report("According to the coast guard, three crew members were rescued overnight.");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].speaker.to_lowercase().contains("coast guard"));
    assert_eq!(found[0].stance, Stance::Asserts);
}

#[test]
fn x_told_an_outlet_is_via() {
    let found =
        report("The harbour will stay closed until Sunday, port director Rui Alves told Reuters.");
    let p = find(&found, "Rui Alves");
    assert_eq!(p.via.as_deref(), Some("Reuters"));

    let found = report("Mayor Ines Duarte told the Associated Press the bridge was safe.");
    assert_eq!(
        find(&found, "Ines Duarte").via.as_deref(),
        Some("Associated Press")
    );

    let found =
        report("Energy Minister Pavel Orlov said the pipeline was repaired, in comments to TASS.");
    assert_eq!(find(&found, "Pavel Orlov").via.as_deref(), Some("TASS"));

    let found = report(
        "Club president Hans Vogel said in an interview with Sky Germany that no bid had arrived.",
    );
    assert_eq!(
        find(&found, "Hans Vogel").via.as_deref(),
        Some("Sky Germany")
    );

    let found = report(
        "Rebel commander Idris Kaya said in a post on Telegram that his fighters had withdrawn.",
    );
    assert_eq!(find(&found, "Idris Kaya").via.as_deref(), Some("Telegram"));
}

#[test]
fn generic_channels_are_no_via() {
    let found = report("Health Minister Clara Neves told reporters that the clinic would reopen.");
    assert_eq!(find(&found, "Clara Neves").via, None);
    let found = report("The railway operator said in a statement that trains were running again.");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].via, None);
}

#[test]
fn reported_citing_an_unnamed_source_gives_two_statements() {
    let found = report(
        "The central bank is preparing a surprise rate cut, the Financial Times reported, citing an unnamed source.",
    );
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(found[0].speaker, "Financial Times");
    assert_eq!(found[0].stance, Stance::Asserts);
    assert_eq!(found[0].via, None);
    assert!(!found[0].anonymous);
    assert!(found[1].anonymous);
    assert!(
        found[1].speaker.contains("unnamed source"),
        "{}",
        found[1].speaker
    );
    assert_eq!(found[1].stance, Stance::Asserts);
    assert_eq!(found[1].via.as_deref(), Some("Financial Times"));
}

#[test]
fn passive_attribution() {
    let found = report(
        "The merger of the two airlines was confirmed by the transport ministry on Tuesday.",
    );
    let p = found
        .iter()
        .find(|p| p.speaker.contains("transport ministry"))
        .unwrap_or_else(|| panic!("{found:#?}"));
    assert_eq!(p.stance, Stance::Confirms);
}

#[test]
fn pronouns_and_descriptions_resolve_to_the_last_speaker() {
    let found = report(
        "Fisheries Commissioner Lena Berg said the quota talks had collapsed. \
         She said a new round would start in May. \
         The fleet would stay in port, she added.",
    );
    assert!(found.iter().all(|p| p.speaker == "Lena Berg"), "{found:#?}");

    let found = report(
        "The strike will go ahead, a union official said. \
         Talks with management had broken down, the official said, adding that no date had been set.",
    );
    assert!(
        found
            .iter()
            .all(|p| p.speaker == "union official" && p.anonymous),
        "{found:#?}"
    );
}

#[test]
fn titles_before_names_are_dropped() {
    let found = report("Deputy Foreign Minister Olga Petrova confirmed the visit.");
    assert_eq!(find(&found, "Olga Petrova").stance, Stance::Confirms);
    let found = report("U.S. Ambassador to Japan Mark Hill said the summit would go ahead.");
    find(&found, "Mark Hill");
}

#[test]
fn anonymous_speakers() {
    let found = report(
        "The minister will resign on Friday, a senior official who spoke on condition of anonymity said.",
    );
    assert!(found[0].anonymous, "{found:#?}");
    assert!(found[0].speaker.contains("official"));

    let found =
        report("The deal is worth about $2 billion, according to people familiar with the matter.");
    assert_eq!(found[0].speaker, "people familiar with the matter");
    assert!(found[0].anonymous);
}

#[test]
fn data_speaks_without_being_anonymous() {
    let found =
        report("The cargo ship turned back towards Odessa, satellite tracking data showed.");
    let p = &found[0];
    assert_eq!(p.speaker, "satellite tracking data");
    assert_eq!(p.stance, Stance::Asserts);
    assert!(!p.anonymous);
}

#[test]
fn confirms() {
    let found = report("Bank spokesman Tomas Lind confirmed that the branch would close.");
    assert_eq!(find(&found, "Tomas Lind").stance, Stance::Confirms);
    let found = report("The airline acknowledged that passenger data had been exposed.");
    assert_eq!(found[0].stance, Stance::Confirms);
}

#[test]
fn denies() {
    let found = report("Governor Paulo Mendes denied that he had met the contractor.");
    assert_eq!(find(&found, "Paulo Mendes").stance, Stance::Denies);
    let found = report("The ministry called the reports fake news.");
    assert_eq!(found[0].stance, Stance::Denies);
    let found = report("There was no plan to sell the stadium, club chairman Rafael Costa said.");
    assert_eq!(find(&found, "Rafael Costa").stance, Stance::Denies);
    let found = report("The army dismissed claims that soldiers had crossed the border.");
    assert_eq!(found[0].stance, Stance::Denies);
}

#[test]
fn neither_confirms_nor_denies() {
    let found = report("The foreign ministry said it could neither confirm nor deny the account.");
    assert_eq!(found[0].stance, Stance::Ncnd);
    let found = report("Police spokeswoman Ana Frade said she could not confirm the arrests.");
    assert_eq!(find(&found, "Ana Frade").stance, Stance::Ncnd);
    let found = report("The embassy said it had no information about the detained sailors.");
    assert_eq!(found[0].stance, Stance::Ncnd);
}

#[test]
fn declines() {
    let found = report("The prosecutor's office declined to comment.");
    assert_eq!(found[0].stance, Stance::Declines);
    let found = report("Northwind Energy did not respond to a request for comment.");
    assert_eq!(find(&found, "Northwind Energy").stance, Stance::Declines);
    let found = report("The mining company refused to comment on the leak.");
    assert_eq!(found[0].stance, Stance::Declines);
    let found = report("Coach Luis Prado would not give details of the injury.");
    assert_eq!(find(&found, "Luis Prado").stance, Stance::Declines);
}

#[test]
fn html_input_is_read_as_text() {
    let html = "<html><body><h1>Port news</h1><p>The port will reopen on Monday, harbour master \
                Rita Gomes told the <b>Associated Press</b>.</p><p>&ldquo;We are ready,&rdquo; \
                she said.</p></body></html>";
    let text = plain_text(html);
    assert!(text.contains("“We are ready,” she said."), "{text}");
    assert!(!text.contains('<'));
    let found = extract(html);
    let p = find(&found, "Rita Gomes");
    assert_eq!(p.via.as_deref(), Some("Associated Press"));
    assert_eq!(
        plain_text("A &amp; B said &quot;no&quot;"),
        "A & B said \"no\""
    );
    assert_eq!(plain_text("plain text stays"), "plain text stays");
}

#[test]
fn sentences_survive_abbreviations_and_quotes() {
    let found = report(
        "Dr. Sara Okafor said the U.S. team landed at 6 a.m. on Jan. 4. \
         \"It went well. Nobody was hurt,\" she said.",
    );
    assert!(
        found.iter().all(|p| p.speaker == "Sara Okafor"),
        "{found:#?}"
    );
    assert!(
        found[0].sentence.contains("on Jan. 4."),
        "{}",
        found[0].sentence
    );
}

#[test]
fn the_paraphrased_ankara_report() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/ankara-paraphrase.txt"
    ))
    .unwrap();
    let found = extract(&text);
    let has = |speaker: &str, stances: &[Stance], via: Option<&str>, anonymous: bool| {
        assert!(
            found.iter().any(
                |p| p.speaker.to_lowercase().contains(&speaker.to_lowercase())
                    && stances.contains(&p.stance)
                    && p.via.as_deref() == via
                    && p.anonymous == anonymous
            ),
            "no {speaker} {stances:?} via {via:?} in {found:#?}"
        );
    };
    has(
        "unnamed source",
        &[Stance::Asserts],
        Some("Kommersant"),
        true,
    );
    has("Turkish official", &[Stance::Declines], None, true);
    has("Kremlin", &[Stance::Ncnd], None, false);
    has(
        "Fahrettin Altun",
        &[Stance::Confirms],
        Some("Associated Press"),
        false,
    );
    has(
        "White House official",
        &[Stance::Confirms, Stance::Asserts],
        None,
        true,
    );
    has("flight-tracking data", &[Stance::Asserts], None, false);
    has("Jake Sullivan", &[Stance::Asserts], None, false);
}

#[test]
fn odd_input_never_panics() {
    let inputs = [
        "",
        "   \n\n  ",
        "said",
        ", said.",
        "\"",
        "“Unclosed quote, he said",
        "According to",
        "He said, she said, they said.",
        "<p>",
        "&amp",
        "&#xZZ; &#99999999;",
        "U.S. U.S. U.S.",
        "Neither nor responded.",
        "— said the — , according to , citing .",
        "Ünïcödé Ñame said «bonjour» — and declined to comment…",
        "A, B, C, D and E said, as did.",
    ];
    for input in inputs {
        let _ = extract(input);
        let _ = plain_text(input);
    }
}

/// "confirmed the meeting to Reuters": the outlet after a bare "to" is the channel, and not
/// part of the claim.
#[test]
fn confirmed_something_to_an_outlet() {
    let found = report(
        "Harbour pilots said two frigates had docked overnight.\n\n\
         Defence Minister Carla Vella confirmed the docking to Reuters.",
    );
    let minister = find(&found, "Carla Vella");
    assert_eq!(minister.stance, Stance::Confirms);
    assert_eq!(minister.via.as_deref(), Some("Reuters"));
    assert!(!minister.claim.contains("Reuters"), "{minister:?}");
    // "to" before a place is no channel.
    let found = report("The envoy said the talks would move to Geneva next week.");
    assert_eq!(find(&found, "envoy").via, None);
}

/// The report with paragraphs of its own (headline and dateline added).
fn paragraphs(body: &[&str]) -> Vec<Proposal> {
    extract(&format!(
        "A headline without a full stop\n\nLISBON, March 3 - {}\n",
        body.join("\n\n")
    ))
}

#[test]
fn citing_first_then_the_outlet() {
    let found = report(
        "Citing two customs officers, the Tagus Courier reported that the cargo had been seized.",
    );
    let courier = find(&found, "Tagus Courier");
    assert_eq!(courier.stance, Stance::Asserts);
    assert_eq!(courier.via, None);
    let officers = found
        .iter()
        .find(|p| p.speaker.contains("customs officers"))
        .unwrap_or_else(|| panic!("{found:#?}"));
    assert!(officers.anonymous);
    assert_eq!(officers.via.as_deref(), Some("Tagus Courier"));
}

#[test]
fn the_passive_quoted_by_an_outlet() {
    let found = report(
        "A port official was quoted by the Tagus Courier, a weekly paper, as saying there was no crack in the dam.",
    );
    let p = find(&found, "port official");
    assert_eq!(p.via.as_deref(), Some("Tagus Courier"), "{found:#?}");
    assert_eq!(p.stance, Stance::Denies);
    assert!(
        found.iter().all(|p| !p.speaker.contains("Courier")),
        "{found:#?}"
    );
}

#[test]
fn a_second_verb_shares_the_subject() {
    let found = report(
        "The shipyard acknowledged the delay but would not say when the hull would be finished.",
    );
    let stances: Vec<Stance> = found
        .iter()
        .filter(|p| p.speaker == "shipyard" || p.speaker == "The shipyard")
        .map(|p| p.stance)
        .collect();
    assert_eq!(stances, [Stance::Confirms, Stance::Declines], "{found:#?}");
    let found = report(
        "The shipyard denied that it had laid off welders, saying in a filing that all crews were at work.",
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].stance, Stance::Denies);
    assert!(!found[0].speaker.contains("filing"), "{found:#?}");
}

#[test]
fn inserts_and_appositions_between_subject_and_verb() {
    let found = report(
        "The dock's foreman, Ilsa Marrow, said the cranes were idle. Welders who repair the hulls, speaking on condition of anonymity, said they had not been paid.",
    );
    find(&found, "Ilsa Marrow");
    let welders = find(&found, "Welders");
    assert_eq!(welders.stance, Stance::Asserts);
}

#[test]
fn a_quote_only_paragraph_continues_the_speaker() {
    let found = paragraphs(&[
        "Harbour master Pavel Kinross said the channel would reopen on Monday.",
        "\"We have checked every buoy. We are not commenting on the insurance claims.\"",
    ]);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found.iter().all(|p| p.speaker == "Pavel Kinross"),
        "{found:#?}"
    );
    // The refusal inside the quote gives the continued statement its stance.
    assert_eq!(found[1].stance, Stance::Declines, "{found:#?}");
    assert_eq!(found[1].sentences[0].paragraph, 2);
}

#[test]
fn variants_of_one_anonymous_group_are_one_source() {
    let found = paragraphs(&[
        "The berth was sold, according to people familiar with the matter.",
        "The buyer paid in cash, according to three people familiar with the matter.",
    ]);
    let speakers: Vec<&str> = found.iter().map(|p| p.speaker.as_str()).collect();
    assert_eq!(speakers, ["people familiar with the matter"], "{found:#?}");
    assert_eq!(found[0].sentences.len(), 2, "{found:#?}");
}

#[test]
fn the_outlet_named_first_is_the_channel() {
    let found = report(
        "Speaking to the news website Quayline, harbour master Pavel Kinross said the channel was clear.",
    );
    assert_eq!(
        find(&found, "Pavel Kinross").via.as_deref(),
        Some("Quayline")
    );
}

#[test]
fn a_bare_refusal_has_no_claim_of_its_own() {
    let found = paragraphs(&[
        "The Tagus Courier reported that the berth had been sold.",
        "The port authority declined to comment on the report.",
        "The buyer did not respond to a request for comment from the Tagus Courier.",
        "The mayor declined to comment on the price of the berth.",
    ]);
    assert_eq!(find(&found, "port authority").claim, "", "{found:#?}");
    assert_eq!(find(&found, "buyer").claim, "", "{found:#?}");
    assert!(
        find(&found, "mayor").claim.contains("price of the berth"),
        "{found:#?}"
    );
    // An assertion always has its claim.
    assert!(!find(&found, "Tagus Courier").claim.is_empty());
}

#[test]
fn sentences_carry_their_paragraph_and_offsets() {
    let text = "A headline without a full stop\n\nLISBON, March 3 - Pavel Kinross said the channel was clear.\n\nKinross said the channel was clear of the wreck too.\n";
    let found = extract(text);
    assert_eq!(found.len(), 1, "{found:#?}");
    let plain: Vec<char> = plain_text(text).chars().collect();
    let spans = &found[0].sentences;
    assert_eq!(spans.len(), 2, "{found:#?}");
    assert_eq!(spans[0].text, found[0].sentence);
    assert_eq!((spans[0].paragraph, spans[1].paragraph), (1, 2));
    for s in spans {
        let at: String = plain[s.start..s.end].iter().collect();
        assert_eq!(at, s.text);
    }
    // Datelines are kept out of sentences and claims.
    assert!(!found[0].sentence.contains("LISBON"));
    assert!(!found[0].claim.contains("LISBON"));
}

#[test]
fn one_speaker_on_two_things_is_two_statements() {
    let found = paragraphs(&[
        "Pavel Kinross said the channel would reopen on Monday.",
        "The pilots were on strike, Lena Ostrov said.",
        "The harbour fees will rise next year, Kinross said.",
    ]);
    let kinross: Vec<&Proposal> = found
        .iter()
        .filter(|p| p.speaker == "Pavel Kinross")
        .collect();
    assert_eq!(kinross.len(), 2, "{found:#?}");
}

#[test]
fn the_company_takes_up_the_company_the_sentence_before_opened_with() {
    // The company named last is not the last one quoted: "the company" goes to the company
    // the previous sentence was about, though it had not spoken yet.
    let found = paragraphs(&[
        "Orrin Foods Inc said on Monday that it had no plans to sell its bakery arm.",
        "Halvard Mills Ltd is already in talks to buy the arm. The milling company confirmed on Sunday that it had made an offer.",
    ]);
    let halvard = find(&found, "Halvard Mills Ltd");
    assert_eq!(halvard.stance, Stance::Confirms, "{found:#?}");
    assert!(
        !found
            .iter()
            .any(|p| p.speaker == "Orrin Foods Inc" && p.stance == Stance::Confirms),
        "{found:#?}"
    );
}

#[test]
fn the_company_without_a_company_opening_the_sentence_before_is_the_last_one_quoted() {
    let found = paragraphs(&[
        "Orrin Foods Inc said on Monday that it had no plans to sell its bakery arm.",
        "Bakery sales fell by a tenth last year. The company confirmed on Sunday that it had cut two shifts.",
    ]);
    let orrin: Vec<&Proposal> = found
        .iter()
        .filter(|p| p.speaker == "Orrin Foods Inc")
        .collect();
    assert!(
        orrin.iter().any(|p| p.stance == Stance::Confirms),
        "{found:#?}"
    );
}

#[test]
fn a_refusal_then_a_claim_of_its_own_is_two_statements() {
    let found = report(
        "Ines Varga, a spokeswoman for the county prosecutor, would not discuss the ferry case, although she did say that charges of that kind usually took months to bring.",
    );
    let varga: Vec<&Proposal> = found.iter().filter(|p| p.speaker == "Ines Varga").collect();
    assert_eq!(varga.len(), 2, "{found:#?}");
    assert!(varga.iter().any(|p| p.stance == Stance::Declines));
    assert!(varga.iter().any(|p| p.stance == Stance::Asserts));
}

#[test]
fn a_hedge_inside_what_was_told_stays_one_statement() {
    // The refusal is the content of the telling, not a second statement beside it.
    let found =
        report("Harbour master Ilse Brandt told reporters she had no information about the cargo.");
    let brandt: Vec<&Proposal> = found
        .iter()
        .filter(|p| p.speaker == "Ilse Brandt")
        .collect();
    assert_eq!(brandt.len(), 1, "{found:#?}");
    assert_eq!(brandt[0].stance, Stance::Ncnd);
}

#[test]
fn rumours_as_the_topic_are_no_denial() {
    // "about the rumours" names what the calls were about; "were rumours" calls a thing so.
    let found =
        report("Tomas Ferreira said reporters had been ringing him about the rumours all week.");
    assert_eq!(
        find(&found, "Tomas Ferreira").stance,
        Stance::Asserts,
        "{found:#?}"
    );
    let found = report("Tomas Ferreira said the stories about the stadium were rumours.");
    assert_eq!(
        find(&found, "Tomas Ferreira").stance,
        Stance::Denies,
        "{found:#?}"
    );
    let found = report("Tomas Ferreira said the calls about the rumours had stopped.");
    assert_eq!(
        find(&found, "Tomas Ferreira").stance,
        Stance::Asserts,
        "{found:#?}"
    );
}

#[test]
fn a_denial_and_a_joined_claim_of_its_own_are_two_statements() {
    let found = report(
        "Mayor Ilka Dorn has denied any part in the tender and says her office has cut waiting lists for housing.",
    );
    let dorn: Vec<&Proposal> = found.iter().filter(|p| p.speaker == "Ilka Dorn").collect();
    assert_eq!(dorn.len(), 2, "{found:#?}");
    assert_eq!(dorn[0].stance, Stance::Denies);
    assert_eq!(dorn[1].stance, Stance::Asserts);
    assert!(dorn[1].claim.contains("waiting lists"), "{}", dorn[1].claim);
}

#[test]
fn a_denial_takes_in_its_supporting_line_from_the_next_sentence() {
    let found = report(
        "Mayor Ilka Dorn denied any part in the tender. She said the contract had been signed before she took office.",
    );
    let dorn: Vec<&Proposal> = found.iter().filter(|p| p.speaker == "Ilka Dorn").collect();
    assert_eq!(dorn.len(), 1, "{found:#?}");
    assert_eq!(dorn[0].stance, Stance::Denies);
}

#[test]
fn a_bracketed_acronym_after_the_subject_is_stepped_over() {
    let found = report(
        "The Coastal Ferry Workers Union (CFWU) said on Monday that the strike would go ahead.",
    );
    let p = find(&found, "Coastal Ferry Workers Union");
    assert_eq!(p.stance, Stance::Asserts);
    assert!(p.claim.contains("strike would go ahead"), "{}", p.claim);
}

#[test]
fn a_report_answered_with_its_negation_is_a_denial() {
    let found = report(
        "The Harlow Rowing Club said on Friday that it had not dropped its head coach, after reports that he had been let go.",
    );
    assert_eq!(
        find(&found, "Harlow Rowing Club").stance,
        Stance::Denies,
        "{found:#?}"
    );
    // Without a report in circulation a negated line is only a statement.
    let found =
        report("The Harlow Rowing Club said on Friday that it had not raised its fees this year.");
    assert_eq!(
        find(&found, "Harlow Rowing Club").stance,
        Stance::Asserts,
        "{found:#?}"
    );
    // A hedge inside the content keeps its own stance.
    let found = report(
        "The Harlow Rowing Club said on Friday it could not confirm reports that the coach had left.",
    );
    assert_eq!(
        find(&found, "Harlow Rowing Club").stance,
        Stance::Ncnd,
        "{found:#?}"
    );
}
