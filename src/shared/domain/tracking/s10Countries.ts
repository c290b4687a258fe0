/**
 * ISO 3166 codes of the postal services that issue UPU S10 numbers: the "Courier" lookup of the
 * jkeen/tracking_number_data s10.json (191 entries), which the data set requires an S10 number's
 * country to be found in. Codes only: the station needs to know a code exists, not whose post it is.
 */
export const S10_COUNTRY_CODES: ReadonlySet<string> = new Set(
  [
    'AF AL DZ AO AG AR AM AU AT AZ BS BH BD BB BY BE BZ BJ BT BO BA BW BR BN',
    'BG BF BI KH CM CA CV CF TD CL CN HK CO KM CG CR HR CU CY CZ CI KP CD DK',
    'DJ DM DO EC EG SV GQ ER EE ET FJ FI FR GA GM GE DE GH GB GR GD GT GN GW',
    'GY HT HN HU IS IN ID IR IQ IE IL IT JM JP JO KZ KE KI KR KW KG LA LV LB',
    'LS LR LY LI LT LU MG MW MY MV ML MT MR MU MX MD MC MN ME MA MZ MM NA NR',
    'NP NL NZ NI NE NG NO OM PK PA PG PY PE PH PL PT QA RO RU RW KN LC VC WS',
    'SM ST SA SN RS SC SL SG SK SI SB SO ZA SS ES LK SD SR SZ SE CH SY TJ TZ',
    'TH MK TL TG TO TT TN TR TM TV UG UA AE US UY UZ VU VA VE VN YE ZM ZW',
  ]
    .join(' ')
    .split(' '),
);
