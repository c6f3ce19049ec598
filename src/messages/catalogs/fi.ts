import type { CodeCatalog } from './en.js';

/** Suomi: codes and field captions; terms from the BC documentation in this language. */
const fi: CodeCatalog = {
  filterErrorAt: 'Kohta {position}: odotettiin {expected}',
  filterUnknownField: '”{field}” ei ole suodatettava kenttä: käytä jotakin näistä: {fields}',
  reason_noEmail: 'ei sähköpostiosoitetta',
  reason_noName: 'ei nimeä',
  reason_companyContact: 'yrityskontakti',
  reason_privacyBlocked: 'tietosuojasyistä estetty',
  reason_excludedByFilter: 'suodattimen rajaama: {fields}',
  deletion_bcDeleted: 'Poistettu Business Centralissa, muutettu Outlookissa',
  deletion_outOfScope: 'Rajattu pois Business Centralissa ({reasons}), muutettu Outlookissa',
  resolve_alreadyResolved:
    'Kontaktin {bcId} ristiriita {by, select, dismiss {kuitattiin} other {ratkaistiin}} toisessa ikkunassa, kun teit valintaasi; mitään muuta ei kirjoitettu. Päivitä luettelo nähdäksesi nykyiset arvot.',
  resolve_conflictNotFound: 'Kontaktille {bcId} ei ole tallennettu ristiriitaa; päivitä luettelo.',
  resolve_contactMissing:
    '{side, select, bc {Business Central -kontaktia} other {Outlook-yhteystietoa}} {id} ei enää ole; synkronoi ensin.',
  resolve_wholeContactOnly: 'Tämä kontakti poistettiin Business Centralissa: valitse puoli koko kontaktille.',
  resolve_notInConflict: 'Näissä kentissä ei ole ristiriitaa: {fields}.',
  resolve_notSettled: 'Vain säännön ratkaisemat ristiriidat voi kuitata; valitse puoli kentille {fields}.',
  resolve_nothingSettled:
    'Kuitattavia säännön ratkaisemia ristiriitoja ei ole jäljellä; valitse puoli muille.',
  resolve_invalidForBc: 'Business Central ei voi tallentaa näitä arvoja: {reasons}.',
  resolve_changedSinceShown:
    'Muuttunut uudelleen ristiriidan näyttämisen jälkeen: {fields}. Mitään ei kirjoitettu; ristiriita näyttää nyt kummankin puolen arvot. Tarkista ja valitse uudelleen.',
  resolve_changedSinceShownOutlookOnly:
    'Outlook-yhteystiedon arvot, joille Business Centralissa ei ole kenttää, ovat muuttuneet ristiriidan näyttämisen jälkeen. Mitään ei poistettu; ristiriita näyttää ne nyt. Tarkista ja valitse uudelleen.',
  resolve_stale:
    '{side, select, bc {Business Central -kontakti} other {Outlook-yhteystieto}} muuttui uudelleen ratkaisun aikana; synkronoi ja yritä uudelleen.',
  resolve_writeFailed:
    'Kirjoitus {side, select, bc {Business Centraliin} other {Outlookiin}} epäonnistui: {message}',
  bcContactRef: '{name} (nro {number})',
  skip_outOfScope: 'rajattu pois: {reasons}',
  skip_bcContactOutOfScope: 'sen Business Central -kontakti {contact} on rajattu pois: {reasons}',
  skip_bcContactDeleted: 'sen Business Central -kontakti on poistettu',
  skip_duplicateOfLinked:
    'toinen kopio Business Central -kontaktista {contact}, joka on jo synkronoitu toiseen Outlook-yhteystietoon',
  skip_wouldLeaveScope: 'Outlookin muutos rajaisi sen pois ({reasons}); Business Central säilytti arvonsa',
  skip_missingName: 'ei nimeä',
  skip_missingEmail: 'ei sähköpostiosoitetta',
  skip_tooLong:
    '{field} on {length, plural, one {# merkki} other {# merkkiä}}; Business Centraliin mahtuu {max, number}',
  skip_lineBreak: 'kentässä {field} on rivinvaihto, jota Business Central ei hyväksy',
  skip_phoneLetters: 'kentässä {field} on kirjaimia, joita Business Central ei hyväksy puhelinnumerossa',
  skip_streetLines:
    'Outlookin katuosoitteessa on {lines, plural, one {# rivi} other {# riviä}}; Business Central tallentaa {max, number} ({address} ja {address2})',
  skip_invalidEmail: '{field} ei ole kelvollinen sähköpostiosoite',
  skip_outlookListFull:
    'Outlookissa on jo {list, select, businessPhones {{max, plural, one {# työpuhelin} other {# työpuhelinta}}} other {{max, plural, one {# sähköpostiosoite} other {# sähköpostiosoitetta}}}} tälle kontaktille, joten Business Centralin kenttää {field} ”{value}” ei lisätty; se odottaa, kunnes tilaa on',
  skip_unknownCountry: '{field} ”{value}” ei ole Business Centralin tuntema maa tai alue',
  skip_duplicateEmailInOutlook:
    '{n, plural, one {# Outlook-yhteystiedolla} other {# Outlook-yhteystiedolla}} on sama sähköpostiosoite {email}',
  skip_duplicateEmailInBc:
    '{n, plural, one {# Business Central -kontaktilla} other {# Business Central -kontaktilla}} on sama sähköpostiosoite {email}',
  skip_emailInConflict:
    'sen sähköpostiosoite {email} on {held, select, email {Outlookin puolen arvo toisen kontaktin avoimessa sähköpostiristiriidassa} other {poistetun kontaktin Outlook-kopiossa, jonka ristiriita on avoinna}}',
  skip_writeFailed: 'ei voitu tallentaa: {message}',
  skip_unstorableText:
    'Kentässä {property} ({side, select, bc {Business Central} other {Outlook}}) on merkki, jota ei voi tallentaa (rikkinäinen merkki tai U+0000)',
  portError:
    '{error, select, stale {se muuttui uudelleen synkronoinnin aikana; se jätetään seuraavaan synkronointiin} notFound {sitä ei enää ole siellä} invalid {palvelu hylkäsi sen arvot} throttled {palvelu pyysi odottamaan} unknownOutcome {vastausta ei tullut, joten se tarkistetaan seuraavassa synkronoinnissa} signInRefused {kirjautumistasi ei enää hyväksytty (se vanheni tai peruttiin): sulje apuohjelma ja avaa se uudelleen kirjautuaksesi uudelleen, ja synkronoi sitten uudelleen} other {palvelu ei ollut käytettävissä}}{detail}',
  runError_writeFailed:
    'Kontaktia ei voitu tallentaa kohteeseen {side, select, bc {Business Central} other {Outlook}}: {reason}',
  runError_readFailed:
    '{port, select, bc {Business Central} outlook {Outlook} other {Business Central tai Outlook}}: {what, select, folder {synkronointikansiota ei voitu löytää tai luoda} countries {maiden/alueiden luetteloa ei voitu lukea} write {kontakteja ei voitu kirjoittaa} other {kontakteja ei voitu lukea}}: {reason}',
  runError_storeRefused:
    'Synkronoinnin tilaa ei voitu tallentaa: {refusal, select, scopeFull {kansioon tulisi enemmän {list, select, links {synkronoituja yhteystietoja} skipped {ohitettuja yhteystietoja} pending {luotavia yhteystietoja} other {ristiriitoja}} kuin yhteen kansioon mahtuu ({max, number}); rajaa suodatinta asetuksissa, jotta synkronoitavia yhteystietoja on vähemmän} unstorableText {arvossa on merkki, jota ei voi tallentaa} outlookIdTaken {Outlook-yhteystieto on jo synkronoitu toisen kontaktin kanssa} duplicateInBatch {sama kontakti tuli kahdesti yhdessä tallennuksessa} other {aika ei ollut kelvollinen}}',
  runError_accessRevoked:
    'Käyttöoikeutesi {company, select, none {Business Central -yritykseen} other {Business Central -yritykseen {company}}} poistettiin synkronoinnin aikana, joten se pysähtyi; se, mitä se ehti kirjoittaa, säilyy. Pyydä järjestelmänvalvojaa palauttamaan käyttöoikeus ja synkronoi sitten uudelleen.',
  runError_storeFailed: 'Palvelimen synkronointitilaa ei voitu lukea tai tallentaa: {reason}',
  runError_signInFailed:
    'Synkronoinnille ei saatu kirjautumistunnusta{detail}: sulje apuohjelma ja avaa se uudelleen kirjautuaksesi sisään, ja synkronoi sitten uudelleen; jos ongelma jatkuu, kerro järjestelmänvalvojalle.',
  runError_leaseLost:
    '{cause, select, unanswered {Palvelimen synkronoinnin tila ei vastannut {seconds, plural, one {# sekuntiin} other {# sekuntiin}}, joten tämä synkronointi ei voinut enää olla varma, että kansio oli vain sen hallussa; se pysähtyi, jotta mitään ei kirjoitettaisi kahdesti. Synkronoi uudelleen.} other {Toinen synkronointi otti tämän kansion; tämä pysähtyi, jotta mitään ei kirjoitettaisi kahdesti.}}',
  runError_held:
    '{kind, select, bcEmpty {Business Central ei palauttanut tälle kansiolle yhtään kontaktia, joten tämä synkronointi poistaisi {synced, plural, one {ainoan Outlook-kansioon synkronoidun kontaktin} other {kaikki # Outlook-kansioon synkronoitua kontaktia}}. Mitään ei ole vielä kirjoitettu.} other {Tämä synkronointi poistaisi {deletes, plural, one {# kontaktin} other {# kontaktia}} {synced, plural, one {# Outlook-kansioon synkronoidusta kontaktista} other {# Outlook-kansioon synkronoidusta kontaktista}} ({share, number, percent}); raja on {limit, number, percent}. Mitään ei ole vielä kirjoitettu.}}',
  runError_folderMoveHeld:
    '{held, plural, one {# yhteystiedolla} other {# yhteystiedolla}} kansiossa "{from}" on arvoja, joita Business Centralissa ei vielä ole (avoimia tai ratkaistuja ristiriitoja, ohitettuja tai synkronoimattomia muutoksia), joten synkronointi ei siirtynyt kansioon "{to}": niiden poistaminen hävittäisi nämä arvot. "{from}" synkronoitiin; ratkaise ne ja synkronoi uudelleen siirtääksesi.',
  runError_companyChanged:
    'Tämän Outlook-kansion yhteystiedot on synkronoitu eri Business Central -yrityksen ({from}) kanssa kuin sen, jota tämä synkronointi voi nyt käyttää ({to}), joten synkronointi pysähtyi ennen kuin se luki tai kirjoitti mitään: toisen yrityksen synkronointi poistaisi kansiosta kaikki synkronoidut yhteystiedot. Pyydä järjestelmänvalvojaa antamaan sinulle uudelleen käyttöoikeus yritykseen {from}.',
  runError_cancelled: 'Synkronointi peruutettiin ennen kuin se päättyi; se, mitä se ehti kirjoittaa, säilyy.',
  runError_folderNameTaken:
    'Outlookissa on {named, select, yes {kansio nimeltä "{folderName}"} other {asetuksissa annetun niminen kansio}}, joka ei ole yhteystietokansio (vaan sähköposti-, kalenteri- tai tehtäväkansio), joten synkronointikansiota ei voi luoda sillä nimellä: nimeä kansio uudelleen Outlookissa tai valitse asetuksissa toinen kansion nimi ja synkronoi sitten uudelleen.',
  runError_interrupted:
    'Ajo keskeytyi: {by, select, shutdown {sen palvelin sammui} other {sen prosessi pysähtyi}} ennen kuin se päättyi.',
  run_uncertain:
    '{count, plural, one {# muutos on voitu lähettää ilman vastausta, ja se on voinut} other {Enintään # muutosta on voitu lähettää ilman vastausta, ja ne ovat voineet}} toteutua; seuraava synkronointi tarkistaa {count, plural, one {sen} other {ne}}. Synkronoi uudelleen, ennen kuin lisäät tai muutat näitä tietoja itse, jotta mitään ei kirjoiteta kahdesti.',
  run_written:
    '{side, select, bc {Business Central} other {Outlook}}: {created, plural, other {# luotu}}, {updated, plural, other {# päivitetty}}, {deleted, plural, other {# poistettu}}',
  run_nothingWritten: 'Mitään ei kirjoitettu.',
  run_deferred:
    '{count, plural, one {# uusi kontakti} other {# uutta kontaktia}} jäi vielä luomatta Business Centraliin; seuraava synkronointi tekee sen: {reason, select, createTurnBusy {muiden käyttäjien synkronoinnit loivat kontakteja tähän yritykseen koko sen ajan, jonka tämä ajo odotti vuoroaan} other {joku muu loi sillä välin kontaktin samalla sähköpostiosoitteella, ja seuraava synkronointi yhdistää ne}}.',
  runError_unexpected: 'Ajo pysähtyi odottamattomaan virheeseen ({name}); tiedot ovat palvelimen lokissa.',
  storeRefusal:
    'Synkronoinnin tilaan ei voi tallentaa tätä: {kind, select, scopeFull {kansioon tulisi enemmän {list, select, links {synkronoituja yhteystietoja} skipped {ohitettuja yhteystietoja} pending {luotavia yhteystietoja} other {ristiriitoja}} kuin yhteen kansioon mahtuu ({max, number}); rajaa suodatinta asetuksissa, jotta synkronoitavia yhteystietoja on vähemmän} outlookIdTaken {Outlook-yhteystieto {outlookId} on jo synkronoitu toisen Business Central -kontaktin kanssa tässä kansiossa} duplicateInBatch {{field} {key} tuli kahdesti yhdessä tallennuksessa} invalidTime {{value} ei ole kelvollinen aika (ISO 8601, UTC)} other {kohdan {at} arvossa on merkki, jota ei voi tallentaa (U+0000 tai rikkinäinen merkki)}}',
  skipHint_outOfScope: '{hints}',
  skipHint_bcContactOutOfScope: '{hints} Tai poista Outlook-yhteystieto.',
  skipHint_bcContactDeleted:
    'Sen Business Central -kontakti on poistettu. Jos henkilö halutaan säilyttää, luo kontakti uudelleen Business Centraliin (seuraava synkronointi tuo sen Outlookiin) ja poista tämä Outlook-yhteystieto; muuten poista se.',
  skipHint_duplicateOfLinked: 'Poista tämä Outlook-yhteystieto: sen toinen kopio on jo synkronoitu.',
  skipHint_wouldLeaveScope:
    'Peru muutos Outlookissa tai tee se Business Centralissa, jos kontaktin synkronointi halutaan lopettaa.',
  skipHint_missingName: 'Anna Outlook-yhteystiedolle nimi.',
  skipHint_missingEmail: 'Lisää Outlook-yhteystiedolle sähköpostiosoite.',
  skipHint_tooLong: 'Lyhennä kenttä {field} enintään {max, plural, one {# merkkiin} other {# merkkiin}}.',
  skipHint_lineBreak: 'Poista rivinvaihto kentästä {field}.',
  skipHint_phoneLetters: 'Kirjoita {field} ilman kirjaimia (vain numerot).',
  skipHint_streetLines:
    'Lyhennä Outlookin katuosoite {max, plural, one {# riviin} other {# riviin}}. Ensimmäinen rivi menee kenttään {address}, toinen kenttään {address2}.',
  skipHint_invalidEmail: 'Korjaa kenttään {field} kelvollinen sähköpostiosoite.',
  skipHint_outlookListFull:
    'Poista Outlookista {list, select, businessPhones {työpuhelin} other {sähköpostiosoite}}, jota kontakti ei enää tarvitse; seuraava synkronointi lisää silloin kentän {field}.',
  skipHint_unknownCountry:
    'Kirjoita kenttään {field} Business Centralin maa- tai aluekoodi (esimerkiksi FI) tai maan nimi.',
  skipHint_duplicateEmailInOutlook:
    'Anna jokaiselle Outlook-yhteystiedolle oma sähköpostiosoite tai yhdistä kaksoiskappaleet.',
  skipHint_duplicateEmailInBc:
    'Tee sähköpostiosoitteesta yksilöllinen Business Centralissa, jotta Outlook-yhteystieto voidaan yhdistää.',
  skipHint_emailInConflict:
    'Ratkaise ristiriita: {held, select, email {Business Centralin sähköpostin säilyttäminen päästää tämän kontaktin synkronoitumaan; Outlookin säilyttäminen estetään, kun tällä kontaktilla on osoite.} other {Outlookin säilyttäminen yhdistää kopion tähän kontaktiin, Business Centralin säilyttäminen poistaa kopion.}}',
  skipHint_writeFailed:
    'Yritetään uudelleen seuraavassa synkronoinnissa; jos virhe toistuu, tarkista kontaktin arvot.',
  skipHint_unstorableText:
    'Kirjoita kontaktin {property} uudelleen: {side, select, bc {Business Central} other {Outlook}}. Siihen asti kontakti jätetään ennalleen molemmilla puolilla.',
  scopeHint_noEmail: 'Lisää kontaktille sähköpostiosoite Business Centralissa.',
  scopeHint_noName: 'Anna kontaktille nimi Business Centralissa.',
  scopeHint_companyContact:
    'Vain tyypin Henkilö kontaktit synkronoidaan; yrityskontaktit jäävät Business Centraliin.',
  scopeHint_privacyBlocked: 'Poista kontaktin tietosuojaesto Business Centralissa, jos sen saa jakaa.',
  scopeHint_excludedByFilter: 'Muuta kontaktia tai asetusten synkronointisuodatinta ({fields}).',
  expected_value: 'arvoa',
  expected_valueAfter: 'arvoa merkin {token} jälkeen',
  expected_noWildcards: 'arvoa ilman korvausmerkkejä (* tai ?)',
  expected_closingQuote: "loppulainausmerkkiä (')",
  expected_closeParen: "merkkiä ')', joka sulkee tämän sulkeen '('",
  expected_operatorOrEnd: "merkkiä '|' tai '&' tai lausekkeen loppua",
  expected_operatorParenOrEnd: "merkkiä '|', '&' tai ')' tai lausekkeen loppua",
  expected_operatorOrClose: "merkkiä '|', '&' tai ')' (sulkee kohdan {position} sulkeen '(')",
  expected_maxNesting:
    'enintään {max, plural, one {# sisäkkäinen sulkepari} other {# sisäkkäistä sulkeparia}}',
  expected_maxLength: 'enintään {max, plural, one {# merkki} other {# merkkiä}}',
  expected_maxValues: 'enintään {max, plural, one {# arvo} other {# arvoa}}',
  expected_maxWork:
    'enintään {max, plural, one {# merkkivertailu} other {# merkkivertailua}} kontaktia kohden',
  filterTooCostly:
    'koko suodatin vaatii jopa {estimate, plural, one {# merkkivertailun} other {# merkkivertailua}} kontaktia kohden (enintään {max, number}); tämä kenttä on raskain: käytä siinä vähemmän arvoja tai ?-jokerimerkkejä',
  expected_filterField: 'jotakin näistä: {fields}',
  expected_text: 'suodatinlauseketta (tekstiä)',
  problem_blank: 'ei saa olla tyhjä',
  problem_tooLong: 'saa olla enintään {max, plural, one {# merkki} other {# merkkiä}}',
  problem_invisibleCharacter:
    'ei saa sisältää näkymätöntä merkkiä {codePoint} (nollaleveys- ja tekstisuuntamerkit saavat nimet näyttämään samalta)',
  problem_scheduleRange:
    'on oltava 0 (ei käytössä) tai {min, number}–{max, plural, one {# minuutti} other {# minuuttia}}',
  problem_shareRange: 'on oltava {min, number, percent}–{max, number, percent}',
  field_displayName: 'Nimi',
  field_type: 'Tyyppi',
  field_companyName: 'Yrityksen nimi',
  field_companyNumber: 'Yrityksen nro',
  field_city: 'Kaupunki',
  field_state: 'Maakunta',
  field_postalCode: 'Postinumero',
  field_country: 'Maa-/aluekoodi',
  field_territoryCode: 'Aluekoodi',
  field_salespersonCode: 'Myyjän koodi',
  field_jobTitle: 'Tehtävänimike',
  field_number: 'Nro',
  field_email: 'Sähköposti',
  field_firstName: 'Etunimi',
  field_middleName: 'Toinen nimi',
  field_surname: 'Sukunimi',
  field_initials: 'Nimikirjaimet',
  field_email2: 'Sähköposti 2',
  field_phoneNumber: 'Puhelinnro',
  field_mobilePhoneNumber: 'Matkapuhelinnro',
  field_faxNumber: 'Faksinro',
  field_website: 'Kotisivu',
  field_addressLine1: 'Osoite',
  field_addressLine2: 'Osoite 2',
  // A run's phase and its count: the pane and the CLI word progress from these (one wording).
  phase_reading: 'Luetaan kontakteja',
  phase_planning: 'Suunnitellaan',
  phase_bc: 'Kirjoitetaan Business Centraliin',
  phase_outlook: 'Kirjoitetaan Outlookiin',
  phase_links: 'Tallennetaan linkkejä',
  progressCount_reading:
    '{done, plural, =0 {Business Centralia ja Outlookia luetaan} =1 {Business Central luettu, Outlookia luetaan} other {Business Central ja Outlook luettu}}',
  progressCount_planning: 'Vaihe {done, number}/{total, number}',
  progressCount_bc: '{done, number}/{total, plural, one {# kontakti} other {# kontaktia}}',
  progressCount_outlook: '{done, number}/{total, plural, one {# yhteystieto} other {# yhteystietoa}}',
  progressCount_links:
    '{done, number}/{total, plural, one {# kontakti linkitetty} other {# kontaktia linkitetty}}',
  waiting_createTurn:
    'Odotetaan, että tämän yrityksen toinen synkronointi luo kontaktinsa Business Centraliin (enintään {time} asti).',
  waiting_outlookThrottled: 'Odotetaan Outlookia: postilaatikko pyysi hidastamaan. Jatketaan {time}.',
  waiting_outlookPaced: 'Odotetaan Outlookia: pysytään postilaatikon pyyntörajoissa. Jatketaan {time}.',
  waiting_outlookRetry: 'Odotetaan Outlookia: pyyntö epäonnistui hetkellisesti. Yritetään uudelleen {time}.',
  waiting_bcThrottled: 'Odotetaan Business Centralia: se pyysi hidastamaan. Jatketaan {time}.',
  waiting_bcRetry:
    'Odotetaan Business Centralia: pyyntö epäonnistui hetkellisesti. Yritetään uudelleen {time}.',
  waiting_syncThrottled: 'Odotetaan synkronointipalvelua: se pyysi hidastamaan. Jatketaan {time}.',
  waiting_syncRetry:
    'Odotetaan synkronointipalvelua: pyyntö epäonnistui hetkellisesti. Yritetään uudelleen {time}.',
  runRefusal:
    '{kind, select, folderSettling {Tämän kansion edellinen synkronointi (ajo {runId}) pysäytettiin, kun sen lähettämiä muutoksia saattoi vielä saapua perille. Jotta samaa kontaktia tai yhteystietoa ei luoda kahdesti, seuraava synkronointi voi alkaa aikaisintaan {time}.} runIdTaken {Ajo tunnuksella {runId} on jo olemassa.} other {Tämän kansion synkronointi on jo käynnissä (ajo {runId}).{timed, select, yes { Jos se pysähtyi päättymättä (sen ikkuna suljettiin kesken synkronoinnin), seuraava synkronointi voi alkaa aikaisintaan {time}.} other {}}}}',
  httpRefusal_RunNotFound: 'Ajoa {runId} ei ole.',
  httpRefusal_RunNotActive:
    '{cause, select, ended {Ajo {runId} on jo päättynyt.} other {Ajo {runId} ei ole käynnissä tässä prosessissa.}}',
  httpRefusal_PlanNotAvailable:
    'Ajolla {runId} ei ole näytettävää suunnitelmaa: {cause, select, notDryRun {vain esikatselut säilyttävät suunnitelmansa} stillPlanning {ajo suunnittelee vielä} other {suunnitelma ei ole enää muistissa}}.',
  httpRefusal_CreateTurnBusy:
    'Muut synkronoinnit luovat juuri nyt kontakteja tämän yrityksen Business Centraliin, joten mitään ei lisätty. Yritä uudelleen minuutin kuluttua.',
  httpRefusal_SyncNotConfigured:
    'Tällä palvelulla ei ole synkronointiympäristöä (pääsyä Business Centraliin ja Outlookiin).',
  httpRefusal_TooManySyncFolders:
    'Käyttäjän synkronointitilassa on jo {max, plural, one {# kansio} other {# kansiota}}, enimmäismäärä yhdelle käyttäjälle; kirjoitus toiseen kansioon hylätään.',
  httpRefusal_RunCancelRequested:
    'Tämän ajon peruutusta pyydettiin: tallennuksesta ei tallennettu mitään; päätä ajo (sen päättyminen tallennetaan).',
  httpRefusal_LeaseLost:
    'Tämä ajo ei enää varaa kansiotaan (toinen synkronointi otti kansion): kirjoituksesta ei tallennettu mitään.',
  httpRefusal_BcWriteFailed:
    '{answered, select, no {Business Central ei vastannut, kun kontaktia luotiin.} other {Business Central hylkäsi kontaktin: {bcMessage}}}',
  httpRefusal_Forbidden_OtherUser: 'Tunnuksen käyttäjä voi käyttää vain omaa synkronointitilaansa.',
};

export default fi;
