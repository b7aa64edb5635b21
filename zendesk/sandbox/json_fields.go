package sandbox

// writeTicketField follows the recorded key order; option lists appear only
// on the field types Zendesk gives them to.
func (st *store) writeTicketField(w *jw, api string, i int32) {
	f := &st.fields[i]
	w.obj()
	w.kurl("url", api, "/ticket_fields/", f.id)
	w.ki("id", f.id)
	w.ks("type", f.typ)
	w.ks("title", f.title)
	w.ks("raw_title", f.title)
	w.ks("description", f.description)
	w.ks("raw_description", f.description)
	w.ki("position", int64(f.position))
	w.kb("active", true)
	w.kb("required", f.required)
	w.kb("collapsed_for_agents", false)
	w.kn("regexp_for_validation")
	w.ks("title_in_portal", f.title)
	w.ks("raw_title_in_portal", f.title)
	w.kb("visible_in_portal", f.visible)
	w.kb("editable_in_portal", f.editable)
	w.kb("required_in_portal", f.typ == "subject" || f.typ == "description")
	w.ksn("tag", f.tag)
	w.kt("created_at", f.createdAt)
	w.kt("updated_at", f.updatedAt)
	w.kb("removable", f.removable)
	w.kn("key")
	w.ksn("agent_description", f.agentDesc)
	if f.system != nil {
		w.key("system_field_options")
		w.arr()
		for _, o := range f.system {
			w.obj()
			w.ks("name", o.name)
			w.ks("value", o.value)
			w.endObj()
		}
		w.endArr()
	}
	if f.subType {
		sub := int64(0)
		if f.typ == "status" {
			sub = 1 // adds On-hold, which the seeded tickets use
		}
		w.ki("sub_type_id", sub)
	}
	if f.options != nil {
		w.key("custom_field_options")
		w.arr()
		for _, o := range f.options {
			w.obj()
			w.kurl("url", api, "/ticket_fields/"+itoa(f.id)+"/options/", o.id)
			w.ki("id", o.id)
			w.ks("name", o.name)
			w.ks("raw_name", o.name)
			w.ks("value", o.value)
			w.kb("default", o.isDefault)
			w.endObj()
		}
		w.endArr()
	}
	w.endObj()
}
