package sandbox

// Ticket fields: Zendesk's system fields, then the custom ones the seeded
// tickets carry values for. Custom fields keep this order in custom_fields.
const (
	fieldArea = iota + 7 // index of the first custom field in store.fields
	fieldFeatures
	fieldEscalated
	fieldOrder
	fieldUnits
)

func seedFields(st *store) {
	created := epoch - 745*day
	add := func(f ticketField) {
		i := len(st.fields)
		f.id = seqID(fieldIDBase, i)
		f.position = i + 1
		f.createdAt = created + int64(i)*hour
		f.updatedAt = f.createdAt + int64(i%4)*day
		st.fields = append(st.fields, f)
		st.fieldByID[f.id] = int32(i)
	}
	opts := func(names ...string) []fieldOption {
		var o []fieldOption
		for k := 0; k+1 < len(names); k += 2 {
			o = append(o, fieldOption{name: names[k], value: names[k+1]})
		}
		return o
	}
	add(ticketField{typ: "subject", title: "Subject", visible: true, editable: true, required: false})
	add(ticketField{typ: "description", title: "Description",
		description: "Please enter the details of your request. A member of our support staff will respond as soon as possible.",
		visible:     true, editable: true})
	add(ticketField{typ: "status", title: "Status", description: "Request status", subType: true,
		system: opts("Open", "open", "Pending", "pending", "On-hold", "hold", "Solved", "solved")})
	add(ticketField{typ: "tickettype", title: "Type", description: "Request type",
		system: opts("Question", "question", "Incident", "incident", "Problem", "problem", "Task", "task")})
	add(ticketField{typ: "priority", title: "Priority", description: "Request priority", subType: true,
		system: opts("Low", "low", "Normal", "normal", "High", "high", "Urgent", "urgent")})
	add(ticketField{typ: "group", title: "Group", description: "Request group"})
	add(ticketField{typ: "assignee", title: "Assignee", description: "Agent assigned to your request", required: true})

	next := 0
	withIDs := func(o []fieldOption) []fieldOption {
		for k := range o {
			o[k].id = seqID(optionIDBase, next)
			next++
		}
		return o
	}
	var area, feats []fieldOption
	for _, a := range productAreas {
		area = append(area, fieldOption{name: a.name, value: a.value})
	}
	for _, f := range features {
		feats = append(feats, fieldOption{name: f.name, value: f.value})
	}
	add(ticketField{typ: "tagger", title: "Product area", description: "Which part of the product the request is about",
		removable: true, visible: true, editable: true, options: withIDs(area)})
	add(ticketField{typ: "multiselect", title: "Affected features", description: "Features involved in the problem",
		agentDesc: "Pick every feature the customer mentions", removable: true, options: withIDs(feats)})
	add(ticketField{typ: "checkbox", title: "Escalated to engineering", description: "Set when engineering owns the fix",
		tag: escalationTag, removable: true})
	add(ticketField{typ: "text", title: "Order number", description: "The order the request is about",
		removable: true, visible: true, editable: true})
	add(ticketField{typ: "integer", title: "Units affected", description: "How many units or seats are affected",
		removable: true})
}
