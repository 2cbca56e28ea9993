// Readers' words → the site's words, before Material's search sees the query.
//
// Material 9 has no hook for rewriting queries (the old `search.transform` option is gone) and matches every term
// as a prefix, without stemming: "paralyzed" never finds "paralysed", "osteoperosis" finds nothing, and "I am 86"
// has no word for age. The claims' `search:` lines carry readers' words; this script only fixes what words in the
// index cannot: American spellings of words the pages spell the British way, common misspellings of the
// procedures and the disease (never a word the site itself uses), a bare age, and whole questions whose meaning
// lies in common words; and it weighs a page's own text (an introduction, or a page without headings such as the
// evidence map) below the claims and sections that answer (see INTRODUCTION_WEIGHT). Stop words are dropped by the
// separator in mkdocs.yml.
//
// It rewrites the query message and the index setup message the page sends to Material's search worker (message type 2, QUERY,
// in Material's src/templates/assets/javascripts/integrations/search/worker/message). If Material changes that
// protocol, queries simply go through unchanged. What the reader typed stays in the search box.
(function (global) {
  "use strict";

  // American → the spelling used on the pages (the claims' search lines also carry both for the common ones).
  var SPELLINGS = {
    anesthesia: "anaesthesia", anesthetic: "anaesthetic", anesthetist: "anaesthetist",
    edema: "oedema", hematoma: "haematoma", hemophilia: "haemophilia", hemorrhage: "haemorrhage",
    orthopedic: "orthopaedic", pediatric: "paediatric", tumor: "tumour", tumors: "tumours",
    vapor: "vapour", paralyzed: "paralysed", paralyze: "paralyse", stabilize: "stabilise",
    randomized: "randomised", hospitalized: "hospitalised", color: "colour", neighboring: "neighbouring",
    disk: "disc", disks: "discs"
  };

  // Words readers misspell, each with the site's spelling: names of diseases, drugs and the procedures, and the
  // everyday words of a question ("releif", "proceedure", "surgen"). A query word within a small edit distance of
  // one of these (2 for words of 9 letters or more, 1 for 6–8 letters) is read as that word.
  var VOCABULARY = [
    "vertebroplasty", "kyphoplasty", "osteoporosis", "osteoporotic", "vertebra", "vertebrae", "fracture",
    "fractures", "compression", "osteomyelitis", "myeloma", "metastases", "embolism", "pulmonary",
    "fluoroscopy", "radiologist", "anaesthesia", "anaesthetic", "sedation", "bisphosphonates", "alendronate",
    "paralysis", "paralysed", "haematoma", "infection", "cement", "leakage", "kyphosis", "complications",
    "physiotherapy", "painkillers", "antibiotics", "warfarin", "clopidogrel", "apixaban", "rivaroxaban", "balloon",
    "relief", "procedure", "surgeon", "surgery", "opioids", "hospital", "recovery", "allergy", "allergic"
  ];

  // A word the site itself uses is never a misspelling: "injection" is not "infection", nor "intention" (to treat).
  // Filled from the search index as it is handed to the search worker (see the end of this file).
  var siteWords = new Set();

  // Names of trials and of the bodies behind guidelines and reviews (KAVIAR, VERTOS, Cochrane, NICE), learnt from
  // the study pages' titles ("Dohm 2014 · KAVIAR trial"): a query that names one asks for that study's page.
  var studyNames = new Set();
  // Words the pages use in lower case ("free", "invest"): typed in lower case they are ordinary words, not names.
  var everydayWords = new Set();
  var STUDY_PAGE = /^studies\/[^\/#]+\/$/;

  function learnSiteWords(text) {
    text.toLowerCase().split(/[^a-z]+/).forEach(function (word) {
      if (word.length >= 4) siteWords.add(word);  // correct() looks at words of 6 letters or more, stem() at 5
    });
  }

  // One pass over each document's words (it runs once per page load, on the page's own thread).
  function learnWords(docs) {
    docs.forEach(function (doc) {
      learnSiteWords(doc.title);
      doc.text.split(/[^A-Za-z0-9]+/).forEach(function (word) {
        if (/^[a-z]{3,}$/.test(word)) { everydayWords.add(word); if (word.length >= 4) siteWords.add(word); }
        else if (word) learnSiteWords(word);  // "VOPE2", "Cochrane": their letters, lower-cased
      });
      if (STUDY_PAGE.test(doc.location) && doc.title.indexOf("·") !== -1) {
        doc.title.split("·")[1].split(/[^A-Za-z0-9]+/).forEach(function (word, i) {
          // An acronym anywhere, or the body's own name where the name starts with it ("Cochrane review").
          if (ACRONYM.test(word) || (i <= 1 && /^[A-Z][a-z]{4,}$/.test(word))) studyNames.add(word.toLowerCase());
        });
      }
    });
  }

  // A bare number in a question about having the procedure is most likely an age ("I am 86, can I have it").
  var AGE = /^(?:[1-9]|[1-9]\d|10\d|110)$/;
  // A number that measures something is not an age: "1 in 4", "8 out of 10", "3 weeks after", "shrunk 2 inches",
  // "a break from 2 years ago", "for 3 years", "day 5".
  var MEASURE = new RegExp("\\b\\d+(?:\\s*(?:-|–|to|or)\\s*\\d+)?\\s*(?:%|percent|per\\s+cent|(?:out\\s+of|in)\\s+\\d+|(?:weeks?|months?|days?|hours?|minutes?|" +
    "levels?|mm|cm|points?|scores?|mg|years?\\s+ago|inch|inches|feet|foot|ft|kg|lbs?|pounds?|stones?|fractures?|" +
    "breaks?|times?|vertebra|vertebrae)\\b)|\\b(?:in|for|since|every|past|last|day|week|month)\\s+\\d+", "gi");
  // Words that say nothing about which claim answers: whose age it is, what they might have, the procedures' names.
  // An age with nothing else asks "can they have it?"; with a question of its own ("my 80-year-old aunt ... will
  // cement stop the next one") the age is context. A lone procedure name stays only when such words are all else.
  var NO_TOPIC = new RegExp("^(?:mum|mom|mother|dad|father|nan|nana|gran|granny|grandma|grandmother|grandad|" +
    "grandpa|grandfather|granddaughter|grandson|son|daughter|wife|husband|aunt|uncle|friend|patient|year|years|yr|" +
    "yrs|old|aged|age|vertebroplasty|kyphoplasty|cement|injection|operation|surgery|treatment|balloon|eligible|" +
    "allowed|suitable|candidate|safe|ok|okay|still|\\d+)$", "i");
  // Material's separator (mkdocs.yml), learnt at setup: it also drops the common words that carry no topic.
  var separator = /[\s\-,:;!?.]+/;

  function topicWords(query) {
    return query.split(separator).filter(function (word) { return word && !NO_TOPIC.test(word); });
  }

  // Words that say what is asked, and that some page has: a rule may then leave out what only says who or when.
  function hasTopic(text) {
    return topicWords(text).some(known);
  }

  function distance(a, b, limit) {
    // Levenshtein distance with an early exit once every cell of a row exceeds the limit.
    var previous = [], current, i, j;
    for (j = 0; j <= b.length; j++) previous[j] = j;
    for (i = 1; i <= a.length; i++) {
      current = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        current[j] = Math.min(previous[j] + 1, current[j - 1] + 1,
          previous[j - 1] + (a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1));
        best = Math.min(best, current[j]);
      }
      if (best > limit) return limit + 1;
      previous = current;
    }
    return previous[b.length];
  }

  function correct(word) {
    var lower = word.toLowerCase();
    if (Object.prototype.hasOwnProperty.call(SPELLINGS, lower)) return SPELLINGS[lower];
    if (lower.length < 6 || VOCABULARY.indexOf(lower) !== -1 || siteWords.has(lower)) return word;
    var singular = lower.replace(/ies$/, "y");  // "kyphoplasties"
    if (singular !== lower && VOCABULARY.indexOf(singular) !== -1) return singular;
    var limit = lower.length >= 9 ? 2 : 1;
    var heard = sounds(lower), skeleton = consonants(heard);
    // A vocabulary word within the edit limit; failing that, one with the same first letter and the same consonants
    // in the same order, as vowels are what readers get wrong most ("mylomia", "embolisim").
    return VOCABULARY.find(function (entry) {
      return Math.abs(entry.length - lower.length) <= limit && distance(heard, sounds(entry), limit) <= limit;
    }) || VOCABULARY.find(function (entry) {
      return entry.charAt(0) === lower.charAt(0) && Math.abs(entry.length - lower.length) <= 2 &&
        consonants(sounds(entry)) === skeleton;
    }) || word;
  }

  function consonants(word) {
    return word.replace(/[aeiouy]/g, "");
  }

  // Material matches each query word as a prefix, so "bleed" finds "bleeding" but "straightened" never finds
  // "straighten", nor "inflated" "inflate", nor "hikes" "hiking". A word the pages do not use, ending in -ed, -ing or
  // a plural -s, is searched by its stem ("stopped" → "stop", "worried" → "worr", "hikes" → "hik").
  var INFLECTED = /^([a-z]{4,}?)(?:ied|ed|ing|ies|es|s)$/;

  function stem(word) {
    var lower = word.toLowerCase(), match = INFLECTED.exec(lower);
    if (!match || siteWords.has(lower) || /(?:ss|us|is)$/.test(lower)) return word;
    return match[1].replace(/([b-df-hj-np-rtv-z])\1$/, "$1").replace(/e$/, "");
  }

  // Words spelt as they sound: "kifoplasty" is "kyphoplasty" once "ph" and "f" are the same letter.
  function sounds(word) {
    return word.replace(/ph/g, "f");
  }

  // A word typed in capitals names a trial or a body (FREE, INVEST, NICE, AAOS), and so does a study's name typed in
  // lower case ("kaviar", "cochrane") unless the pages use it as an ordinary word ("free"): also look for it in
  // titles, where a study page carries its name, so that the study's page beats claims that merely cite it.
  var ACRONYM = /^[A-Z][A-Z0-9]{2,}$/;
  var ACRONYM_IN_TITLE = "^4";

  // Trials in a series are numbered in Roman numerals ("VERTOS IV") or run together ("VOPE2"); readers type
  // "vertos 4" or "vope 2". A digit right after a trial's name is written as the trial writes it, so that it is not
  // read as an age and the numbered trial's pages come first.
  var ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"];
  var NUMBERED = /\b([A-Za-z]{3,})[\s-]?([1-9])\b/g;

  function numberTrials(query) {
    return query.replace(NUMBERED, function (whole, name, digit) {
      var lower = name.toLowerCase();
      if (studyNames.has(lower + digit)) return name + digit;
      return studyNames.has(lower) && !everydayWords.has(lower) ? name + " " + ROMAN[digit] : whole;
    });
  }

  // "VERTOS IV" as one name, so that the pages of that trial, not those of VERTOS II, come first.
  function numberedNames(query, names) {
    var found = [], pair = /\b([A-Za-z]{3,})\s+(I{1,3}|IV|V|VI{1,3}|IX)\b/gi, match;
    while ((match = pair.exec(query)) !== null) {
      var name = match[1].toLowerCase();
      if (names.indexOf(name) !== -1) found.push(name + " " + match[2].toLowerCase());
    }
    return found.concat(names.filter(function (name) {
      return !found.some(function (numbered) { return numbered.split(" ")[0] === name; });
    }));
  }

  function namesIn(query) {
    query = numberTrials(query);
    return numberedNames(query, query.split(/[^\w]+/).filter(function (word) {
      var lower = word.toLowerCase();
      return ACRONYM.test(word) || (studyNames.has(lower) && !everydayWords.has(lower));
    })
      // In the site's spelling, as the rest of the query: "VAPOR" is the VAPOUR trial.
      .map(function (word) { return correct(word).toLowerCase(); }));
  }

  function namesInTitles(query) {
    var words = namesIn(query).join(" ").split(" ").filter(Boolean);  // "vertos iv": both of its words
    return words.map(function (word) { return " title:" + word + ACRONYM_IN_TITLE; }).join("");
  }

  // Material shows, for each page, only the sections that score as high as the page's best one; the rest wait
  // behind "N more on this page". A claims page holds a dozen claims, so "haemorrhage risk" showed the general
  // safety claim and hid the bleeding claim from the same page. Sections scoring close to the best (CLOSE) are
  // shown too, at most SHOWN of them, in the order search gave them.
  var CLOSE = 0.7, SHOWN = 3;

  function closeSectionsShown(group) {
    var top = group[0] && group[0].score, shown = 0, closing = true;
    if (!top) return group;
    return group.map(function (item) {
      if (item.location.indexOf("#") === -1) return item;  // the page itself: always shown
      closing = closing && item.score >= top * CLOSE && shown < SHOWN;  // Material stops at the first one below
      if (!closing) return item;
      shown++;
      return Object.assign({}, item, { score: top });
    });
  }

  // A title boost alone leaves "KAVIAR kyphoplasty vs vertebroplasty" on the claims comparing the two, which cite
  // KAVIAR and say both names often (a higher boost does not help: lunr divides by the query's length). So the
  // pages whose titles carry a name the reader typed also move to the top of the results, in the order the search
  // gave them. The worker's answer does not repeat the query: the names are those of the latest query sent.
  var askedNames = [];

  function namedFirst(result) {
    if (!askedNames.length) return result;
    var named = new RegExp("\\b(?:" + askedNames.join("|") + ")\\b", "i");
    var first = [], rest = [];
    result.items.forEach(function (group) {
      var page = group.filter(function (item) { return item.location.indexOf("#") === -1; })[0];
      var title = page ? String(page.title).replace(/<[^>]*>/g, "") : "";
      (named.test(title) ? first : rest).push(group);
    });
    return Object.assign({}, result, { items: first.concat(rest) });
  }

  // Each result shows the words it lacks ("Missing: ~~worth~~") and links with the words it has (?h=…). Words this
  // script added ("worth", "elderly", "nothing") are not the reader's: only forms of what they typed are shown. A
  // claim's preview carries its readers' words ("Also asked as: golf; tennis; …", see search_index.py): only the
  // phrases that hold a word the reader typed stay, so the answer is not buried under a list.
  var typedForms = [];

  function formsOf(query) {
    var forms = [];
    query.toLowerCase().split(separator).forEach(function (word) {  // the separator drops the common words
      word = word.replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, "");
      if (!word) return;
      var fixed = correct(word).toLowerCase();
      forms.push(word, fixed, stem(fixed));
    });
    return forms;
  }

  function typed(term) {
    return typedForms.some(function (form) { return form.lastIndexOf(term, 0) === 0 || term.lastIndexOf(form, 0) === 0; });
  }

  var ALSO_ASKED = / ?\(Also asked as: ([^)]*)\)/;

  function withReadersWordsOnly(item) {
    var terms = {};
    Object.keys(item.terms || {}).forEach(function (term) { if (typed(term)) terms[term] = item.terms[term]; });
    var text = typeof item.text === "string" ? item.text.replace(ALSO_ASKED, function (whole, phrases) {
      var kept = phrases.split("; ").filter(function (phrase) {
        // The worker has already marked the reader's words (<mark>long</mark>): read the phrase without its tags.
        return phrase.replace(/<[^>]*>/g, "").toLowerCase().split(separator).some(function (word) {
          return word && typed(word);
        });
      });
      return kept.length ? " (Also asked as: " + kept.join("; ") + ")" : "";
    }) : item.text;
    return Object.assign({}, item, { terms: terms, text: text });
  }

  function arranged(result) {
    if (!result || !Array.isArray(result.items)) return result;
    var named = namedFirst(result);
    return Object.assign({}, named, { items: named.items.map(function (group) {
      return closeSectionsShown(group).map(withReadersWordsOnly);
    }) });
  }

  // Whole questions whose meaning lies in words the separator drops as too common: "does it work" would search for
  // "work" alone (and find returning to work), "too old" for "old" (and find fracture age). Each idiom adds the
  // word the answering claim's `search:` line uses for it; what the reader typed is kept.
  var PROCEDURE = "(?:(?:a|an|the)\\s+)?(?:balloon\\s+)?(?:vertebroplasty|kyphoplasty)\\b";
  var IDIOMS = [
    [/\b(?:does|do|did|will|would|can|could)\s+(?:it|this|that|they|these|vertebroplasty|kyphoplasty|(?:the|a)\s+(?:cement|procedure|operation|injection|treatment|balloon)(?:\s+(?:injection|procedure|operation|treatment))?)\s+(?:really\s+|actually\s+|even\s+|ever\s+)?(?:work|help)/i, " worth"],
    [/\btoo\s+old\b|\bhow\s+old\b|\bage\s+limit|\bat\s+my\s+age\b/i, " elderly^2"],
    [/\btoo\s+young\b/i, " child"],
    // "What should I ask the surgeon?": the page of questions to ask, whose title says so; "ask" alone finds nothing.
    [/\b(?:what|which)\s+(?:questions?\s+)?(?:should|do|can|could|to)\s+(?:i\s+|we\s+)?ask\b|\bquestions?\s+(?:to|i\s+should|we\s+should)\s+ask\b/i,
      " title:questions^4"],
    // "Is it safe?": the claim whose title says so, ahead of those that compare safety ("safer", "safety") and, for
    // "is it safe for my 89-year-old mum", of the claim about age (whose words an age adds: "elderly").
    [/\b(?:is|are)\s+(?:it|this|that|they|these|(?:the\s+)?(?:cement|procedure|operation|injection|treatment|balloon)|(?:balloon\s+)?(?:vertebroplasty|kyphoplasty))\s+(?:really\s+|actually\s+|completely\s+|even\s+)?safe\b|\bhow\s+safe\b|\bsafe\s+(?:for|at)\b/i,
      " title:safe^8"],
    // "come back" means "return"; alone, "back" finds back pain everywhere.
    [/\b(?:come|comes|coming|came)\s+back\b/i, " return"],
    // "What is kyphoplasty?", "what does it mean", "define it": what the procedure is, answered on the home page
    // under "Vertebroplasty and kyphoplasty explained"; the procedure's name alone finds every claim that names it.
    [new RegExp("\\b(?:what(?:['’]s|\\s+is|\\s+are|\\s+does)|meaning\\s+of|definition\\s+of|define|explain" +
      "(?:\\s+what)?)\\s+" + PROCEDURE + "|" + PROCEDURE + "\\s+(?:mean|means|meaning|definition|explained)\\b", "i"),
      " explained^2"],
    // Not having it at all ("what if I don't have the operation", "if I refuse kyphoplasty"): the claim about what
    // happens without treatment answers (its title says "without", its search words "do nothing"); "not", "have" and
    // "procedure" alone are dropped as too common.
    // A procedure's name alone ("kyphoplasty?"): most likely "what is it", not any one claim that names it.
    [/^\s*(?:balloon\s+)?(?:vertebroplasty|kyphoplasty)\s*\??\s*$/i, " explained^2"],
    // Waiting to see ("will it heal by itself if I wait"): the same answer.
    [/\b(?:heal|heals|mend|mends|get\s+better|gets\s+better|go\s+away|goes\s+away)\s+(?:by\s+itself|on\s+its\s+own|naturally|without\s+(?:anything|treatment|help|doing\s+anything))\b|\bif\s+(?:i|we|she|he)\s+wait\b|\bwait\s+and\s+see\b|\b(?:left|leav(?:e|ing))\s+(?:\w+\s+){0,3}alone\b/i,
      " without^2 nothing"],
    [new RegExp("\\b(?:(?:don['’]?t|do\\s+not|doesn['’]?t|didn['’]?t|not|never|won['’]?t)\\s+(?:to\\s+)?(?:have|get|having|" +
      "getting|go\\s+ahead\\s+with|do|doing)|skip(?:s|ped|ping)?|refus(?:e|es|ed|ing)|declin(?:e|es|ed|ing)|" +
      "say(?:ing)?\\s+no\\s+to|avoid(?:s|ed|ing)?)\\s+(?:(?:the|a|an|this|that|my|any)\\s+)?(?:operation|procedure|" +
      "surgery|op|treatment|injection|cement|vertebroplasty|kyphoplasty|it|anything)\\b", "i"), " without^2 nothing"]
  ];

  // "Define sham", "meaning of placebo", "what does oedema mean": the word asked about, looked for in titles, where
  // the glossary has each term as a heading of its own. (The procedures' own names are an idiom above.)
  var DEFINED = /\b(?:define|definition\s+of|meaning\s+of)\s+(?:(?:a|an|the)\s+)?([a-z][\w-]*)|\bwhat\s+(?:does|do)\s+(?:(?:a|an|the)\s+)?([a-z][\w-]*(?:\s+[a-z][\w-]*){0,2})\s+mean\b/gi;
  var NOT_DEFINED = /^(?:vertebroplasty|kyphoplasty|balloon|procedure|procedures|it|this|that|word|term)$/;

  function definitions(query) {
    var found = "", match;
    DEFINED.lastIndex = 0;
    while ((match = DEFINED.exec(query)) !== null) {
      (match[1] || match[2]).toLowerCase().split(/\s+/).forEach(function (word) {
        if (!NOT_DEFINED.test(word)) found += " title:" + word + "^4";
      });
    }
    return found;
  }

  function idioms(query) {
    return IDIOMS.filter(function (idiom) { return idiom[0].test(query); })
      .map(function (idiom) { return idiom[1]; }).join("") + definitions(query);
  }

  // A time: "2 months", "3 weeks", "2-3 days", "day 5". Material searches every word as a prefix, so the "2" of "2
  // months after" also found 2009, 2018 and 2026, which every citation carries. A time that is searched at all is
  // searched as exactly its numbers ("^1" is Material's sign for a word searched whole); other numbers ("9 in 10",
  // "90%") stay prefixes, as a reader's "9" may be the site's "90".
  var SPAN = /\b\d{1,3}(?:\s*(?:-|–|to|or)\s*\d{1,3})?\s*(?:hours?|hrs?|days?|weeks?|wks?|months?|years?|yrs?)\b|\b(?:day|week|month)\s+\d{1,3}\b/gi;

  // "48 hours" or "24 hours" is what a claim says; "3 weeks" is only when.
  function dropCount(span) {
    return /^\D*\d\D*$/.test(span) ? " " : span;
  }

  function exactSpans(query) {
    return query.replace(SPAN, function (span) {
      return span.replace(/\s*(?:-|–)\s*/g, " ").replace(/\d+/g, "$&^1");
    });
  }

  // A time says when, as an age says who: with other words to go on ("fever 3 weeks after"), "3 weeks" only found
  // the claims that count weeks (try other treatment for six weeks), so a span of one digit is left out of the search.
  function normaliseQuery(query) {
    var text = rewritten(query), timeless = text.replace(SPAN, dropCount), rest = query.replace(SPAN, dropCount);
    return exactSpans(timeless !== text && hasTopic(rest) ? timeless : text);
  }

  // The query in the site's words: spellings, stems, trial names, idioms and ages (above).
  function rewritten(query) {
    query = query.replace(/[‘’]/g, "'");  // phones type "can’t"; the pages are written with straight apostrophes
    query = query.replace(/(\d)\s*%/g, "$1 percent");  // the pages write "90 percent" where readers type "90%"
    query = numberTrials(query);
    var words = query.split(/(\s+)/), stems = words.slice();
    for (var i = 0; i < words.length; i++) {
      var bare = words[i].replace(/^[^\w'’]+|[^\w'’]+$/g, "");
      if (!bare || /^\d+$/.test(bare)) continue;
      var fixed = correct(bare);
      words[i] = words[i].replace(bare, fixed);
      stems[i] = words[i].replace(fixed, stem(fixed));
    }
    // Idioms read the corrected words ("what is kyfoplasty" is a "what is" question), whole; the search, the stems.
    var extra = namesInTitles(query) + idioms(words.join(""));
    var corrected = stems.join("");
    // A number standing as a word of its own: "86," is an age, the "10" of a DOI (10.1056/…) is not.
    var ages = query.replace(MEASURE, " ").split(/\s+/).map(function (word) {
      return word.replace(/^[^\w]+|[^\w]+$/g, "");
    }).filter(function (word) { return AGE.test(word); });
    if (!ages.length) return withoutLoneProcedure(corrected) + extra;
    // An age is searched as what it means, not as a number: "87" is not the 87 % of a success-rate claim, and "is
    // she too old at 92" does not ask about the 87-92 % claim.
    var ageless = withoutLoneProcedure(corrected.replace(/\b(?:[1-9]|[1-9]\d|10\d|110)\b/g, " "));
    if (/elderly|child/.test(extra)) return ageless + extra;  // the idiom ("too old") already says it
    var word = ages.some(function (age) { return Number(age) >= 18; }) ? " elderly" : " child";
    return ageless + extra + word + (topicWords(ageless).length <= 1 ? "^2" : "");
  }

  // Every page is about the two procedures, so one procedure's name in a question about something else ("fever
  // after kyphoplasty", "osteomyelitis after kyphoplasty") says nothing about which claim answers, yet lets
  // the claims that name it most outrank the one about fever or infection. It is dropped when other words
  // remain; both names together ("kyphoplasty or vertebroplasty") ask for the comparison and stay.
  var PROCEDURE_NAME = /\b(?:balloon\s+)?(vertebroplasty|kyphoplasty)\b/gi;

  function withoutLoneProcedure(text) {
    var names = new Set((text.match(PROCEDURE_NAME) || []).map(function (name) {
      return name.toLowerCase().replace(/^balloon\s+/, "");
    }));
    if (names.size !== 1) return text;
    var rest = text.replace(PROCEDURE_NAME, " ");
    // Kept when nothing else would find a page: "paediatric vertebroplasty" is better answered by the procedure's
    // name than by no results at all.
    return hasTopic(rest) ? rest : text;
  }

  // A word some page has (as Material matches: as the start of a word); short words cannot be told.
  function known(word) {
    var lower = word.toLowerCase();
    if (lower.length < 4 || !siteWords.size || /\d/.test(lower)) return true;
    for (var siteWord of siteWords) if (siteWord.lastIndexOf(lower, 0) === 0) return true;
    return false;
  }

  // Material ranks a page's own entry (its title and the text before its first heading) above its sections: it
  // multiplies a page's score by up to 5 and a section's by up to 2 (search/_/index.ts: `+!doc.parent`). On this
  // site a page's own text is seldom the best answer. A claims page's introduction sums up its claims, and would beat
  // the claim that answers the question; a page without headings (the evidence map, the list of the patient pages;
  // the glossary was one until each term became a heading) is a long list that names almost everything, each
  // answered elsewhere, and came first for questions it only touches. Every page entry that has text is weighed at 2/5, so that for the same
  // words it scores no more than a section. A study page's entry has none (its title, e.g. "Wardlaw 2009 · FREE
  // trial", then sections): it keeps its full weight, so trial names still find their page.
  var INTRODUCTION_WEIGHT = 0.4;

  function weighIntroductions(docs) {
    docs.forEach(function (doc) {
      if (doc.location.indexOf("#") === -1 && doc.text) doc.boost = (doc.boost || 1) * INTRODUCTION_WEIGHT;
    });
  }

  global.evidenceSearch = {
    normaliseQuery: normaliseQuery, weighIntroductions: weighIntroductions, learnWords: learnWords, namesIn: namesIn,
    arranged: arranged
  };

  var SETUP = 0, QUERY = 2, RESULT = 3;  // Material's SearchMessageType
  if (typeof global.Worker === "function") {
    var post = global.Worker.prototype.postMessage;
    global.Worker.prototype.postMessage = function (message) {
      var args = Array.prototype.slice.call(arguments);
      if (message && message.type === QUERY && typeof message.data === "string") {
        askedNames = namesIn(message.data);
        typedForms = formsOf(message.data);
        args[0] = { type: QUERY, data: normaliseQuery(message.data) };
      }
      else if (message && message.type === SETUP && message.data && Array.isArray(message.data.docs)) {
        if (message.data.config && message.data.config.separator)
          separator = new RegExp(message.data.config.separator, "g");
        learnWords(message.data.docs);
        weighIntroductions(message.data.docs);
      }
      return post.apply(this, args);
    };
    // Material listens to its worker with addEventListener (rxjs fromEvent); its results pass through arranged().
    var listen = global.Worker.prototype.addEventListener, unlisten = global.Worker.prototype.removeEventListener;
    var wrappers = new WeakMap();
    global.Worker.prototype.addEventListener = function (type, listener, options) {
      if (type !== "message" || typeof listener !== "function") return listen.apply(this, arguments);
      var wrapped = wrappers.get(listener) || function (event) {
        var message = event.data;
        if (!message || message.type !== RESULT) return listener.call(this, event);
        return listener.call(this, new MessageEvent("message", { data: { type: RESULT, data: arranged(message.data) } }));
      };
      wrappers.set(listener, wrapped);
      return listen.call(this, type, wrapped, options);
    };
    global.Worker.prototype.removeEventListener = function (type, listener, options) {
      return unlisten.call(this, type, (listener && wrappers.get(listener)) || listener, options);
    };
  }
})(typeof window !== "undefined" ? window : globalThis);
