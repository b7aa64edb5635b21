package ui

// zendeskTimeZones are the time zone names a Zendesk user's time_zone takes (Zendesk uses
// the Rails names), in the order of their offsets, so the profile form offers them in a
// list instead of asking for a name that Zendesk might refuse.
var zendeskTimeZones = []string{
	"International Date Line West", "Midway Island", "American Samoa", "Hawaii", "Alaska",
	"Pacific Time (US & Canada)", "Tijuana", "Mountain Time (US & Canada)", "Arizona", "Chihuahua",
	"Mazatlan", "Central Time (US & Canada)", "Saskatchewan", "Guadalajara", "Mexico City",
	"Monterrey", "Central America", "Eastern Time (US & Canada)", "Indiana (East)", "Bogota",
	"Lima", "Quito", "Atlantic Time (Canada)", "Caracas", "La Paz", "Santiago", "Newfoundland",
	"Brasilia", "Buenos Aires", "Montevideo", "Georgetown", "Puerto Rico", "Greenland",
	"Mid-Atlantic", "Azores", "Cape Verde Is.", "Dublin", "Edinburgh", "Lisbon", "London",
	"Casablanca", "Monrovia", "UTC", "Belgrade", "Bratislava", "Budapest", "Ljubljana", "Prague",
	"Sarajevo", "Skopje", "Warsaw", "Zagreb", "Brussels", "Copenhagen", "Madrid", "Paris",
	"Amsterdam", "Berlin", "Bern", "Zurich", "Rome", "Stockholm", "Vienna", "West Central Africa",
	"Bucharest", "Cairo", "Helsinki", "Kyiv", "Riga", "Sofia", "Tallinn", "Vilnius", "Athens",
	"Istanbul", "Minsk", "Jerusalem", "Harare", "Pretoria", "Kaliningrad", "Moscow",
	"St. Petersburg", "Volgograd", "Samara", "Kuwait", "Riyadh", "Nairobi", "Baghdad", "Tehran",
	"Abu Dhabi", "Muscat", "Baku", "Tbilisi", "Yerevan", "Kabul", "Ekaterinburg", "Islamabad",
	"Karachi", "Tashkent", "Chennai", "Kolkata", "Mumbai", "New Delhi", "Kathmandu", "Dhaka",
	"Sri Jayawardenepura", "Almaty", "Astana", "Novosibirsk", "Rangoon", "Bangkok", "Hanoi",
	"Jakarta", "Krasnoyarsk", "Beijing", "Chongqing", "Hong Kong", "Urumqi", "Kuala Lumpur",
	"Singapore", "Taipei", "Perth", "Irkutsk", "Ulaanbaatar", "Seoul", "Osaka", "Sapporo", "Tokyo",
	"Yakutsk", "Darwin", "Adelaide", "Canberra", "Melbourne", "Sydney", "Brisbane", "Hobart",
	"Vladivostok", "Guam", "Port Moresby", "Magadan", "Srednekolymsk", "Solomon Is.",
	"New Caledonia", "Fiji", "Kamchatka", "Marshall Is.", "Auckland", "Wellington", "Nuku'alofa",
	"Tokelau Is.", "Chatham Is.", "Samoa",
}

// timeZoneField is the time zone, picked from Zendesk's names; a current name Zendesk no
// longer lists stays offered.
func timeZoneField(current string) *formField {
	opts := valueItems(zendeskTimeZones)
	var picked *choiceItem
	for i := range opts {
		if opts[i].value == current {
			picked = &opts[i]
		}
	}
	if current != "" && picked == nil {
		opts = append([]choiceItem{{label: sanitizeLine(current), detail: "the user's current time zone", value: current}}, opts...)
		picked = &opts[0]
	}
	return pickField("time_zone", "Time zone", "Time zone (Zendesk's names)", opts, picked)
}
